package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Runs (docs/runs.md) and their place in the task object. */
class RunsIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";

    private record Fixture(Member member, String task, String runs) {
        String run(String id) {
            return runs + id + "/";
        }
    }

    private Fixture taskOf(Member member, Map<String, Object> body) {
        String task = fixtures().newTask(member, body).get("id").asText();
        return new Fixture(member, task, TASKS + task + "/runs/");
    }

    private Fixture newTask() {
        return taskOf(fixtures().newMember(), Map.of("title", "runs", "repository", "acme/web"));
    }

    private JsonNode newRun(Fixture f, Object body) {
        return f.member().api().post(f.runs(), body).expect(201).json();
    }

    @Test
    void r03_createWithoutOptions() {
        Fixture f = newTask();
        JsonNode run = newRun(f, Map.of());
        assertEquals("local", run.get("environment").asText());
        assertEquals("queued", run.get("status").asText());
        assertEquals(Map.of("mode", "background"), JsonValues.map(run.get("state")));
        assertEquals(f.task(), run.get("task").asText());
        assertEquals(List.of("id", "task", "stage", "branch", "status", "environment", "runtime_adapter", "provider",
                "model", "reasoning_effort", "log_url", "error_message", "output", "state", "artifacts", "created_at",
                "updated_at", "completed_at"), TasksIT.fieldNames(run));
        assertTrue(run.get("log_url").asText().startsWith("http"));
        assertTrue(run.get("completed_at").isNull());
    }

    @Test
    void r01_cloudRunWithRuntime() {
        Fixture f = newTask();
        JsonNode run = newRun(f, Map.of("environment", "cloud", "mode", "interactive", "branch",
                "release/direct-upload", "runtime_adapter", "codex", "model", "gpt-5.4", "reasoning_effort", "high",
                "initial_permission_mode", "auto", "run_source", "manual"));
        assertEquals("cloud", run.get("environment").asText());
        assertEquals("queued", run.get("status").asText());
        assertEquals("release/direct-upload", run.get("branch").asText());
        JsonNode state = run.get("state");
        assertEquals("interactive", state.get("mode").asText());
        assertEquals("release/direct-upload", state.get("pr_base_branch").asText());
        assertEquals("codex", state.get("runtime_adapter").asText());
        assertEquals("openai", state.get("provider").asText());
        assertEquals("gpt-5.4", state.get("model").asText());
        assertEquals("high", state.get("reasoning_effort").asText());
        assertEquals("auto", state.get("initial_permission_mode").asText());
        assertEquals("manual", state.get("run_source").asText());
        assertEquals("codex", run.get("runtime_adapter").asText());
        assertEquals("openai", run.get("provider").asText());
    }

    @Test
    void runOptionsAreChecked() {
        Fixture f = newTask();
        var api = f.member().api();
        api.post(f.runs(), Map.of("runtime_adapter", "claude", "model", "claude-sonnet-4-6",
                "initial_permission_mode", "full-access")).expectError(400, "invalid_input",
                "Invalid choice 'full-access' for runtime_adapter 'claude'. Supported values: 'default', 'acceptEdits', "
                        + "'plan', 'bypassPermissions', 'auto'.", "initial_permission_mode");
        api.post(f.runs(), Map.of("initial_permission_mode", "plan")).expectError(400, "invalid_input",
                "This field requires runtime_adapter to be set.", "initial_permission_mode");
        api.post(f.runs(), Map.of("model", "m")).expectError(400, "invalid_input",
                "This field is required when selecting a cloud runtime.", "runtime_adapter");
        api.post(f.runs(), Map.of("runtime_adapter", "codex")).expectError(400, "invalid_input",
                "This field is required when selecting a cloud runtime.", "model");
        api.post(f.runs(), Map.of("runtime_adapter", "codex", "model", "gpt-5.4", "reasoning_effort", "max"))
                .expectError(400, "invalid_input", "Reasoning effort 'max' is not supported for runtime_adapter 'codex'"
                        + " and model 'gpt-5.4'. Supported values: low, medium, high.", "reasoning_effort");
        api.post(f.runs(), Map.of("runtime_adapter", "claude", "model", "claude-sonnet-4-5", "reasoning_effort", "high"))
                .expectError(400, "invalid_input", "Reasoning effort 'high' is not supported for runtime_adapter "
                        + "'claude' and model 'claude-sonnet-4-5'. Supported values: none.", "reasoning_effort");
        api.post(f.runs(), Map.of("runtime_adapter", "gemini")).expectError(400, "invalid_choice",
                "\"gemini\" is not a valid choice.", "runtime_adapter");
        api.post(f.runs(), Map.of("environment", "moon")).expectError(400, "invalid_choice",
                "\"moon\" is not a valid choice.", "environment");
        JsonNode sandbox = api.post(f.runs(), Map.of("environment", "cloud", "sandbox_environment_id",
                "7d1c1c5e-4a9b-4b1e-9b52-0c5c3c1f4a11")).expect(400).json();
        assertEquals(Map.of("detail", "Invalid sandbox_environment_id"), JsonValues.map(sandbox));
        assertEquals(0, api.get(f.runs()).expect(200).json().get("count").asInt(), "no refused run was stored");
    }

    @Test
    void userAuthorshipNeedsTheCreatorAndAnIntegration() {
        Member creator = fixtures().newMember();
        Fixture f = taskOf(creator, Map.of("title", "auth", "origin_product", "workflow"));
        Member other = fixtures().newMember(creator.project());
        other.api().post(f.runs(), Map.of("environment", "cloud", "pr_authorship_mode", "user"))
                .expectError(400, "github_authorization_required",
                        "User-authored runs must be started by the task creator, or provide github_user_token.",
                        "pr_authorship_mode");
        creator.api().post(f.runs(), Map.of("environment", "cloud", "pr_authorship_mode", "user"))
                .expectError(400, "github_authorization_required",
                        "Link a GitHub account with repo access before running user-authored cloud tasks.",
                        "pr_authorship_mode");
        String token = "ghp_callerToken0123456789";
        JsonNode withToken = newRun(f, Map.of("environment", "cloud", "pr_authorship_mode", "user",
                "github_user_token", token));
        assertEquals("user", withToken.at("/state/pr_authorship_mode").asText());
        assertEquals("caller_token", withToken.at("/state/github_credential_source").asText());
        assertFalse(withToken.toString().contains(token), "the token is never returned");
        assertFalse(creator.api().get(f.run(withToken.get("id").asText())).text().contains(token));
        byte[] stored = storedToken(withToken.get("id").asText());
        assertTrue(stored != null && stored.length > token.length(), "the token is stored for the run (R2)");
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains(token), "sealed");
        JsonNode signal = newRun(f, Map.of("environment", "cloud", "run_source", "signal_report",
                "pr_authorship_mode", "user", "github_user_token", token));
        assertEquals("bot", signal.at("/state/pr_authorship_mode").asText());
        assertEquals(null, storedToken(signal.get("id").asText()), "bot-authored runs never store a token");
    }

    @Test
    void r12_r13_r14_statusAndCompletion() {
        Fixture f = newTask();
        String run = newRun(f, Map.of()).get("id").asText();
        var api = f.member().api();
        assertTrue(api.patch(f.run(run), Map.of("status", "in_progress")).expect(200).json().get("completed_at").isNull());
        JsonNode completed = api.patch(f.run(run), Map.of("status", "completed")).expect(200).json();
        String completedAt = completed.get("completed_at").asText();
        assertNotNull(completedAt);
        assertEquals(completedAt, api.patch(f.run(run), Map.of("status", "completed")).json().get("completed_at").asText());
        JsonNode back = api.patch(f.run(run), Map.of("status", "in_progress")).expect(200).json();
        assertEquals("in_progress", back.get("status").asText());
        assertEquals(completedAt, back.get("completed_at").asText(), "never cleared by PATCH");
    }

    @Test
    void r15_r16_r23_outputMerge() {
        Fixture f = newTask();
        String run = newRun(f, Map.of()).get("id").asText();
        var api = f.member().api();
        api.patch(f.run(run), Map.of("output", Map.of("head_branch", "b"))).expect(200);
        JsonNode merged = api.patch(f.run(run), Map.of("output", Map.of("pr_url", "u"))).json().get("output");
        assertEquals(Map.of("head_branch", "b", "pr_url", "u"), JsonValues.map(merged));
        JsonNode noMerged = api.patch(f.run(run), Map.of("output", Map.of("pr_url", "u", "pr_merged", true)))
                .json().get("output");
        assertFalse(noMerged.has("pr_merged"));
        assertTrue(api.send("PATCH", f.run(run), "{\"output\":null}", "application/json").expect(200).json().get("output").isNull());
        assertEquals(List.of(1, 2), JsonValues.list(api.patch(f.run(run), Map.of("output", List.of(1, 2))).json().get("output")));
    }

    @Test
    void r18_r19_stateMergeAndProtectedKeys() {
        Fixture f = newTask();
        String run = newRun(f, Map.of("state", Map.of("pending_user_message", "m", "pending_user_artifact_ids",
                List.of("a")))).get("id").asText();
        var api = f.member().api();
        JsonNode removed = api.patch(f.run(run), Map.of("state_remove_keys",
                List.of("pending_user_message", "pending_user_artifact_ids"))).expect(200).json().get("state");
        assertEquals(Map.of("mode", "background"), JsonValues.map(removed));
        JsonNode set = api.patch(f.run(run), Map.of("state", Map.of("sandbox_id", "x", "model", "y", "scratch", 1)))
                .json().get("state");
        assertFalse(set.has("sandbox_id"));
        assertFalse(set.has("model"));
        assertEquals(1, set.get("scratch").asInt());
        JsonNode cleaned = api.patch(f.run(run), Map.of("state_remove_keys", List.of("sandbox_id", "scratch")))
                .json().get("state");
        assertFalse(cleaned.has("scratch"));
        JsonNode both = api.patch(f.run(run), Map.of("state", Map.of("k", 2), "state_remove_keys", List.of("k")))
                .json().get("state");
        assertEquals(2, both.get("k").asInt(), "removed and sent ends up set");
        JsonNode staged = api.patch(f.run(run), Map.of("stage", "executing")).json();
        assertEquals("executing", staged.get("stage").asText());
        assertEquals("background", staged.at("/state/mode").asText());
    }

    @Test
    void r20_r21_r37_badPatchesChangeNothing() {
        Fixture f = newTask();
        String run = newRun(f, Map.of()).get("id").asText();
        var api = f.member().api();
        JsonNode before = withoutLogUrl(api.get(f.run(run)).expect(200).json());
        api.patch(f.run(run), Map.of("state_remove_keys", List.of())).expectError(400, "empty",
                "This list may not be empty.", "state_remove_keys");
        api.patch(f.run(run), Map.of("environment", "cloud")).expectError(400, "invalid_choice",
                "\"cloud\" is not a valid choice.", "environment");
        api.patch(f.run(run), Map.of("branch", "b".repeat(256))).expectError(400, "max_length",
                "Ensure this field has no more than 255 characters.", "branch");
        api.patch(f.run(run), Map.of("status", "bogus")).expectError(400, "invalid_choice",
                "\"bogus\" is not a valid choice.", "status");
        api.patch(f.run(run), Map.of("state", List.of(1))).expectError(400, "not_a_dict",
                "Expected a dictionary of items but got type \"list\".", "state");
        api.send("PATCH", f.run(run), "{\"state\":null}", "application/json").expectError(400, "null",
                "This field may not be null.", "state");
        api.patch(f.run(run), Map.of("state_remove_keys", List.of(1, Map.of()))).expectError(400, "invalid",
                "Not a valid string.", "state_remove_keys__1");
        api.send("PATCH", f.run(run), "{\"status\":", "application/json").expect(400);
        assertEquals(before, withoutLogUrl(api.get(f.run(run)).expect(200).json()));
    }

    @Test
    void r25_r27_setOutput() {
        Member member = fixtures().newMember();
        Fixture schema = taskOf(member, Map.of("title", "schema", "json_schema",
                Map.of("type", "object", "required", List.of("pr_url"))));
        String run = newRun(schema, Map.of()).get("id").asText();
        var api = member.api();
        ApiResponse refused = api.patch(schema.run(run) + "set_output/", Map.of("output", Map.of("x", 1)))
                .expect(400);
        assertTrue(refused.json().get("error").asText().startsWith("Output validation error: "), refused.text());
        JsonNode accepted = api.patch(schema.run(run) + "set_output/", Map.of("output", Map.of("pr_url", "u")))
                .expect(200).json();
        assertEquals(Map.of("pr_url", "u"), JsonValues.map(accepted.get("output")));

        Fixture plain = taskOf(member, Map.of("title", "plain"));
        String other = newRun(plain, Map.of()).get("id").asText();
        api.patch(plain.run(other), Map.of("output", Map.of("a", 1))).expect(200);
        assertEquals(Map.of("b", 2), JsonValues.map(api.patch(plain.run(other) + "set_output/",
                Map.of("output", Map.of("b", 2))).expect(200).json().get("output")));
        api.patch(plain.run(other) + "set_output/", Map.of()).expectError(400, "required",
                "This field is required.", "output");
        api.send("PATCH", plain.run(other) + "set_output/", "{\"output\":null}", "application/json").expectError(400,
                "null", "This field may not be null.", "output");
    }

    private static long pendingCompletions(String runId) {
        return ((Number) TestEnvironment.get().database().scalar("select count(*) from scheduled_tasks"
                + " where task_name = 'run.complete' and task_instance = ?", runId)).longValue();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(200);
        }
    }

    private String cloudRunWithToken(Fixture f) {
        JsonNode run = newRun(f, Map.of("environment", "cloud", "pr_authorship_mode", "user",
                "github_user_token", "ghp_jobToken"));
        String id = run.get("id").asText();
        assertNotNull(storedToken(id));
        return id;
    }

    @Test
    void r09_r10_r12_r13_terminalStatusOfACloudRunEnqueuesItsCompletion() throws Exception {
        Fixture f = newTask();
        String run = cloudRunWithToken(f);
        var api = f.member().api();
        api.patch(f.run(run), Map.of("status", "in_progress")).expect(200);
        assertEquals(0, pendingCompletions(run), "R12: no job for a non-terminal status");
        Thread.sleep(1500);
        assertNotNull(storedToken(run));

        JsonNode failed = api.patch(f.run(run), Map.of("status", "failed", "error_message", "Something went wrong"))
                .expect(200).json();
        assertEquals("Something went wrong", failed.get("error_message").asText());
        assertTrue(pendingCompletions(run) <= 1);
        await("the run.complete job forgets the token", () -> storedToken(run) == null);
        assertEquals(0, pendingCompletions(run), "the job ran and is gone");

        String completedAt = failed.get("completed_at").asText();
        JsonNode again = api.patch(f.run(run), Map.of("status", "failed")).expect(200).json();
        assertEquals(completedAt, again.get("completed_at").asText());
        assertEquals(0, pendingCompletions(run), "R13: the same terminal status again enqueues nothing");
    }

    @Test
    void r22_handoffToLocalReleasesTheCloudRun() throws Exception {
        Fixture f = newTask();
        String run = cloudRunWithToken(f);
        var api = f.member().api();
        api.patch(f.run(run), Map.of("status", "in_progress")).expect(200);
        JsonNode local = api.patch(f.run(run), Map.of("environment", "local")).expect(200).json();
        assertEquals("local", local.get("environment").asText());
        assertEquals("in_progress", local.get("status").asText(), "the status is not changed by a hand-off");
        await("the hand-off's run.complete job ran", () -> storedToken(run) == null);
        assertEquals("in_progress", api.get(f.run(run)).json().get("status").asText());
    }

    @Test
    void r26_schemaOutputCompletesACloudRunThroughTheJob() throws Exception {
        Member member = fixtures().newMember();
        Fixture f = taskOf(member, Map.of("title", "schema", "json_schema",
                Map.of("type", "object", "required", List.of("pr_url"))));
        String run = newRun(f, Map.of("environment", "cloud")).get("id").asText();
        member.api().patch(f.run(run), Map.of("status", "in_progress")).expect(200);
        JsonNode answered = member.api().patch(f.run(run) + "set_output/", Map.of("output", Map.of("pr_url", "u")))
                .expect(200).json();
        assertEquals("in_progress", answered.get("status").asText(), "the endpoint does not set the status");
        await("the job completes the run", () ->
                "completed".equals(member.api().get(f.run(run)).json().get("status").asText()));
        JsonNode done = member.api().get(f.run(run)).json();
        assertFalse(done.get("completed_at").isNull());
        assertEquals(Map.of("pr_url", "u"), JsonValues.map(done.get("output")));
        String[] lines = member.api().get(f.run(run) + "session_logs/").expect(200).text().split("\n");
        assertEquals("[]", lines[0], "state events are not log entries");
    }

    @Test
    void t14_deletingATaskCancelsItsUnfinishedCloudRuns() throws Exception {
        Fixture f = newTask();
        var api = f.member().api();
        String cloud = newRun(f, Map.of("environment", "cloud")).get("id").asText();
        api.patch(f.run(cloud), Map.of("status", "in_progress")).expect(200);
        String local = newRun(f, Map.of()).get("id").asText();
        String finished = newRun(f, Map.of("environment", "cloud")).get("id").asText();
        api.patch(f.run(finished), Map.of("status", "completed")).expect(200);
        api.delete(TASKS + f.task() + "/").expect(204);
        api.get(f.run(cloud)).expectError(404, "not_found", "Task not found", null);
        await("the unfinished cloud run is cancelled", () -> "cancelled".equals(storedStatus(cloud)));
        assertEquals("queued", storedStatus(local), "local runs are left alone");
        assertEquals("completed", storedStatus(finished), "finished runs keep their status");
    }

    private static String storedStatus(String runId) {
        return (String) TestEnvironment.get().database().scalar("select status from task_run where id = ?",
                UUID.fromString(runId));
    }

    @Test
    void r28_r30_r31_c18_listAndLookup() {
        Member member = fixtures().newMember();
        Fixture a = taskOf(member, Map.of("title", "A"));
        Fixture b = taskOf(member, Map.of("title", "B"));
        String first = newRun(a, Map.of()).get("id").asText();
        String second = newRun(a, Map.of()).get("id").asText();
        String foreign = newRun(b, Map.of()).get("id").asText();
        JsonNode list = member.api().get(a.runs()).expect(200).json();
        assertEquals(2, list.get("count").asInt());
        List<String> ids = new ArrayList<>();
        list.get("results").forEach(run -> ids.add(run.get("id").asText()));
        assertEquals(List.of(second, first), ids, "newest first");
        member.api().get(a.run(foreign)).expectError(404, "not_found", "Not found.", null);
        member.api().get(TASKS + "not-a-uuid/runs/").expectError(404, "not_found", "Task not found", null);
        member.api().get(a.run("not-a-uuid")).expectError(404, "not_found", "Not found.", null);
        member.api().put(a.run(first), Map.of()).expectError(405, "method_not_allowed",
                "Method \"PUT\" not allowed.", null);
        member.api().delete(a.run(first)).expectError(405, "method_not_allowed",
                "Method \"DELETE\" not allowed.", null);
    }

    @Test
    void c19_c20_othersPrivateRuns() {
        Member owner = fixtures().newMember();
        Fixture f = taskOf(owner, Map.of("title", "private"));
        String run = newRun(f, Map.of()).get("id").asText();
        Member other = fixtures().newMember(owner.project());
        other.api().patch(f.run(run), Map.of("status", "bogus")).expectError(400, "invalid_choice",
                "\"bogus\" is not a valid choice.", "status");
        other.api().patch(f.run(run), Map.of("status", "completed")).expectError(404, "not_found",
                "Task not found", null);
        other.api().get(f.runs()).expectError(404, "not_found", "Task not found", null);
        assertEquals("queued", owner.api().get(f.run(run)).json().get("status").asText());
    }

    @Test
    void c04_c05_readKeysReadRunsOnly() {
        Member member = fixtures().newMember("task:read");
        Member writer = fixtures().newMember(member.project());
        Fixture f = taskOf(writer, Map.of("title", "shared", "origin_product", "workflow"));
        String run = newRun(f, Map.of()).get("id").asText();
        member.api().get(f.runs()).expect(200);
        member.api().get(f.run(run)).expect(200);
        member.api().patch(f.run(run), Map.of("status", "completed")).expectError(403, "permission_denied",
                "API key missing required scope 'task:write'", null);
        member.api().post(f.runs(), Map.of()).expectError(403, "permission_denied",
                "API key missing required scope 'task:write'", null);
    }

    @Test
    void t02_latestRunOnTheTask() {
        Fixture a = newTask();
        newRun(a, Map.of());
        String second = newRun(a, Map.of()).get("id").asText();
        a.member().api().patch(a.run(second), Map.of("status", "in_progress")).expect(200);
        Fixture b = taskOf(a.member(), Map.of("title", "no runs"));
        JsonNode list = a.member().api().get(TASKS).expect(200).json();
        for (JsonNode task : list.get("results")) {
            if (task.get("id").asText().equals(a.task())) {
                assertEquals(second, task.at("/latest_run/id").asText());
                assertEquals("in_progress", task.at("/latest_run/status").asText());
            } else if (task.get("id").asText().equals(b.task())) {
                assertTrue(task.has("latest_run") && task.get("latest_run").isNull());
            }
        }
    }

    @Test
    void t22_statusFilterUsesTheLatestRun() {
        Member member = fixtures().newMember();
        Fixture running = taskOf(member, Map.of("title", "running"));
        Fixture done = taskOf(member, Map.of("title", "done"));
        Fixture requeued = taskOf(member, Map.of("title", "requeued"));
        taskOf(member, Map.of("title", "no runs"));
        member.api().patch(running.run(newRun(running, Map.of()).get("id").asText()), Map.of("status", "in_progress"));
        member.api().patch(done.run(newRun(done, Map.of()).get("id").asText()), Map.of("status", "completed"));
        member.api().patch(requeued.run(newRun(requeued, Map.of()).get("id").asText()), Map.of("status", "completed"));
        newRun(requeued, Map.of());
        assertEquals(List.of("running"), titles(member, "in_progress"));
        assertEquals(List.of("done"), titles(member, "completed"));
        assertEquals(List.of(), titles(member, "failed"));
        assertEquals(List.of("requeued"), titles(member, "queued"));
    }

    /** The sealed token stored for a run, or null. */
    private static byte[] storedToken(String runId) {
        return (byte[]) TestEnvironment.get().database().scalar(
                "select github_user_token from run_secret where run_id = ?", java.util.UUID.fromString(runId));
    }

    /** The run without its signed link, whose expiry moves with the clock. */
    private static JsonNode withoutLogUrl(JsonNode run) {
        var copy = run.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("log_url");
        return copy;
    }

    private List<String> titles(Member member, String status) {
        List<String> titles = new ArrayList<>();
        member.api().get(TASKS + "?status=" + status).expect(200).json().get("results")
                .forEach(task -> titles.add(task.get("title").asText()));
        return titles;
    }
}
