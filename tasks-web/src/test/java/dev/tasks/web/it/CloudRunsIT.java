package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code POST tasks/{id}/run/} (docs/runs.md#starting-a-new-cloud-run), the staged artifacts it hands to the
 * new run (docs/artifacts.md#staged-artifacts), and the {@code run.start} job with the default sandbox provider
 * (docs/cloud-runs.md#the-none-provider).
 */
class CloudRunsIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final String ENVIRONMENT = "7d1c1c5e-4a9b-4b1e-9b52-0c5c3c1f4a11";

    private final S3Recorder s3 = TestEnvironment.get().s3Recorder();

    private record Fixture(Member member, String task) {
        String run() {
            return TASKS + task + "/run/";
        }

        String runs() {
            return TASKS + task + "/runs/";
        }

        String stagedPrefix() {
            return "tasks/artifacts/team_" + member.project() + "/task_" + task + "/staged/";
        }

        JsonNode start(Object body) {
            return member.api().post(run(), body).expect(200).json();
        }

        int runCount() {
            return member.api().get(runs()).expect(200).json().get("count").asInt();
        }
    }

    private Fixture newTask() {
        Member member = fixtures().newMember();
        return taskOf(member, Map.of("title", "cloud", "repository", "acme/web"));
    }

    private Fixture taskOf(Member member, Map<String, Object> body) {
        return new Fixture(member, fixtures().newTask(member, body).get("id").asText());
    }

    private static long startJobs(String runId) {
        return ((Number) TestEnvironment.get().database().scalar("select count(*) from scheduled_long_tasks"
                + " where task_name = 'run.start' and task_instance = ?", runId)).longValue();
    }

    private static long allStartJobsOf(Fixture f) {
        long jobs = 0;
        for (JsonNode run : f.member().api().get(f.runs()).expect(200).json().get("results")) {
            jobs += startJobs(run.get("id").asText());
        }
        return jobs;
    }

    private static void setState(String runId, String stateJson) {
        assertEquals(1, TestEnvironment.get().database().update("update task_run set state = ? where id = ?",
                stateJson, UUID.fromString(runId)));
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    // --- creation (T35) and the run.start job with the default provider (K36)

    @Test
    void t35_k36_aNewCloudRunIsQueuedWithItsJobAndFailsVisiblyWithoutAProvider() throws Exception {
        Fixture f = newTask();
        JsonNode task = f.member().api().send("POST", f.run(), null, null).expect(200).json();
        assertEquals(f.task(), task.get("id").asText());
        JsonNode run = task.get("latest_run");
        String runId = run.get("id").asText();
        assertEquals(f.task(), run.get("task").asText());
        assertEquals("queued", run.get("status").asText());
        assertEquals("cloud", run.get("environment").asText());
        assertEquals(Map.of("mode", "background"), JsonValues.map(run.get("state")));
        assertEquals(List.of(), JsonValues.list(run.get("artifacts")));
        assertEquals(1, startJobs(runId), "one run.start job (it stays until its last attempt, seconds later)");
        assertEquals(1, f.runCount());

        // K36: provider none; three attempts (5 s and 10 s apart), then the run fails.
        await(Duration.ofSeconds(40), "the run fails after its last attempt", () ->
                "failed".equals(f.member().api().get(f.runs() + runId + "/").json().get("status").asText()));
        JsonNode failed = f.member().api().get(f.runs() + runId + "/").expect(200).json();
        assertEquals("Failed to start sandbox", failed.get("error_message").asText());
        assertFalse(failed.get("completed_at").isNull());
        assertEquals(0, startJobs(runId), "the job ended");
        try (SseClient stream = SseClient.open(f.member().api().root().resolve(f.runs() + runId + "/stream/"),
                f.member().api().key(), Map.of())) {
            List<List<String>> frames = stream.untilClosed(10);
            List<JsonNode> payloads = new ArrayList<>();
            for (List<String> frame : frames) {
                String last = frame.get(frame.size() - 1);
                if (last.startsWith("data: {")) {
                    payloads.add(ApiResponse.JSON.readTree(last.substring("data: ".length())));
                }
            }
            JsonNode console = payloads.stream()
                    .filter(p -> "_posthog/console".equals(p.at("/notification/method").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no console event in " + frames));
            assertEquals("error", console.at("/notification/params/level").asText());
            assertEquals("No sandbox provider configured", console.at("/notification/params/message").asText());
            assertEquals(runId, console.at("/notification/params/sessionId").asText());
            List<String> sequence = payloads.stream()
                    .map(p -> p.has("run_id") ? "state:" + p.get("status").asText()
                            : p.has("notification") ? p.at("/notification/method").asText()
                            : p.has("type") ? p.get("type").asText() : p.path("status").asText())
                    .toList();
            assertEquals(List.of("keepalive", "state:queued", "state:failed", "_posthog/console", "complete"), sequence,
                    "run.start after its last attempt: the state event, then the console event: " + payloads);
        }
    }

    @Test
    void b8_aRetriedStartMakesOneRunAndOneJob() {
        Fixture f = newTask();
        var keyed = f.member().api().withHeader("Idempotency-Key", "start-" + UUID.randomUUID());
        JsonNode first = keyed.post(f.run(), Map.of("pending_user_message", "go")).expect(200).json();
        ApiResponse again = keyed.post(f.run(), Map.of("pending_user_message", "go")).expect(200);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first, again.json());
        assertEquals(1, f.runCount());
        assertEquals(1, allStartJobsOf(f), "one run.start job");
    }

    // --- sandbox environments (T36, T38)

    @Test
    void t36_t38_sandboxEnvironmentsTheProviderRefuses() {
        Fixture f = newTask();
        assertEquals(Map.of("detail", "Invalid sandbox_environment_id"), JsonValues.map(
                f.member().api().post(f.run(), Map.of("sandbox_environment_id", ENVIRONMENT)).expect(400).json()));
        assertEquals(0, f.runCount(), "no run");
        assertTrue(f.member().api().get(TASKS + f.task() + "/").json().get("latest_run").isNull());

        String previous = f.member().api().post(f.runs(), Map.of("environment", "cloud")).expect(201).json()
                .get("id").asText();
        f.member().api().patch(f.runs() + previous + "/", Map.of("state", Map.of("sandbox_environment_id",
                ENVIRONMENT))).expect(200);
        JsonNode state = f.start(Map.of("resume_from_run_id", previous)).at("/latest_run/state");
        assertEquals(previous, state.get("resume_from_run_id").asText());
        assertFalse(state.has("sandbox_environment_id"), "an inherited environment the provider refuses is dropped");
    }

    // --- resuming (T39, T52, T53)

    @Test
    void t39_theResumedRunMustBeOneOfThisTask() {
        Fixture f = newTask();
        Fixture other = taskOf(f.member(), Map.of("title", "other"));
        String foreign = other.member().api().post(other.runs(), Map.of()).expect(201).json().get("id").asText();
        assertEquals(Map.of("detail", "Invalid resume_from_run_id"), JsonValues.map(
                f.member().api().post(f.run(), Map.of("resume_from_run_id", foreign)).expect(400).json()));
        assertEquals(Map.of("detail", "Invalid resume_from_run_id"), JsonValues.map(f.member().api().post(f.run(),
                Map.of("resume_from_run_id", UUID.randomUUID().toString())).expect(400).json()));
        f.member().api().post(f.run(), Map.of("resume_from_run_id", "not-a-uuid"))
                .expectError(400, "invalid", "Must be a valid UUID.", "resume_from_run_id");
        assertEquals(0, f.runCount());
        assertEquals(1, other.runCount());
    }

    @Test
    void t52_t53_aResumedRunInheritsItsPredecessorsChoices() {
        Fixture f = newTask();
        String previous = f.member().api().post(f.runs(), Map.of("environment", "cloud")).expect(201).json()
                .get("id").asText();
        setState(previous, "{\"mode\":\"background\",\"pr_authorship_mode\":\"bot\",\"run_source\":\"signal_report\","
                + "\"signal_report_id\":\"report-123\",\"pr_base_branch\":\"main\",\"runtime_adapter\":\"codex\","
                + "\"provider\":\"openai\",\"model\":\"gpt-5.3-codex\",\"reasoning_effort\":\"medium\","
                + "\"snapshot_external_id\":\"snap-1\",\"snapshot_kind\":\"modal\",\"initial_permission_mode\":\"plan\"}");
        JsonNode run = f.start(Map.of("resume_from_run_id", previous, "github_user_token", "ghp_resumeToken"))
                .get("latest_run");
        JsonNode state = run.get("state");
        assertEquals(previous, state.get("resume_from_run_id").asText());
        assertEquals("bot", state.get("pr_authorship_mode").asText());
        assertEquals("signal_report", state.get("run_source").asText());
        assertEquals("report-123", state.get("signal_report_id").asText());
        assertEquals("main", state.get("pr_base_branch").asText());
        assertEquals("main", run.get("branch").asText());
        assertEquals("codex", state.get("runtime_adapter").asText());
        assertEquals("openai", state.get("provider").asText());
        assertEquals("gpt-5.3-codex", state.get("model").asText());
        assertEquals("medium", state.get("reasoning_effort").asText());
        assertEquals("snap-1", state.get("snapshot_external_id").asText());
        assertEquals("modal", state.get("snapshot_kind").asText());
        assertFalse(state.has("snapshot_mount_path"));
        assertFalse(state.has("initial_permission_mode"), "the permission mode is not inherited");
        assertFalse(state.has("github_credential_source"));
        assertEquals("openai", run.get("provider").asText());
        assertNull(TestEnvironment.get().database().scalar("select github_user_token from run_secret where run_id = ?",
                UUID.fromString(run.get("id").asText())), "bot-authored: no token stored");

        JsonNode given = f.start(Map.of("resume_from_run_id", previous, "branch", "release",
                "runtime_adapter", "claude", "model", "claude-sonnet-4-6")).at("/latest_run/state");
        assertEquals("release", given.get("pr_base_branch").asText(), "what the request gives wins");
        assertEquals("claude", given.get("runtime_adapter").asText());
        assertEquals("anthropic", given.get("provider").asText());
        assertEquals("medium", given.get("reasoning_effort").asText(), "an effort not given is still inherited");

        String invalid = f.member().api().post(f.runs(), Map.of("environment", "cloud")).expect(201).json()
                .get("id").asText();
        setState(invalid, "{\"mode\":\"background\",\"runtime_adapter\":\"codex\",\"model\":\"gpt-5.4\","
                + "\"reasoning_effort\":\"max\"}");
        int runs = f.runCount();
        f.member().api().post(f.run(), Map.of("resume_from_run_id", invalid)).expectError(400, "invalid_input",
                "Reasoning effort 'max' is not supported for runtime_adapter 'codex' and model 'gpt-5.4'."
                        + " Supported values: low, medium, high.", "reasoning_effort");
        assertEquals(runs, f.runCount());
    }

    // --- the first prompt (T40) and staged artifacts (T41, T42, A33)

    @Test
    void t40_thePendingMessageIsTrimmedAndABlankOneDropped() {
        Fixture f = newTask();
        assertEquals("Read the attached file first", f.start(Map.of("pending_user_message",
                "  Read the attached file first ")).at("/latest_run/state/pending_user_message").asText());
        assertFalse(f.start(Map.of("pending_user_message", "   ")).at("/latest_run/state").has("pending_user_message"));
    }

    @Test
    void t41_stagedArtifactsMoveIntoTheNewRun() throws Exception {
        Fixture f = newTask();
        String id = UUID.randomUUID().toString().replace("-", "");
        String path = f.stagedPrefix() + id + "/notes.md";
        S3Objects.put(path, "# notes".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/markdown");
        JsonNode staged = f.member().api().post(TASKS + f.task() + "/staged_artifacts/finalize_upload/",
                Map.of("artifacts", List.of(Map.of("id", id, "name", "notes.md", "type", "user_attachment",
                        "storage_path", path)))).expect(200).json().at("/artifacts/0");
        s3.clear();

        JsonNode run = f.start(Map.of("pending_user_message", "m", "pending_user_artifact_ids", List.of(id)))
                .get("latest_run");
        assertEquals("m", run.at("/state/pending_user_message").asText());
        assertEquals(List.of(id), JsonValues.list(run.at("/state/pending_user_artifact_ids")));
        assertEquals(1, run.get("artifacts").size());
        assertEquals(staged, run.at("/artifacts/0"), "the staged entry, unchanged");
        assertEquals(path, run.at("/artifacts/0/storage_path").asText(), "no copy");
        assertEquals(0L, ((Number) TestEnvironment.get().database().scalar(
                "select count(*) from staged_artifact where artifact_id = ?", id)).longValue(), "record gone");
        assertTrue(s3.requests("PUT", path).stream().noneMatch(line -> !line.contains("?")), "no object written");
        assertTrue(s3.tagBodies().stream().anyMatch(tags -> tags.contains("<Key>ttl_days</Key><Value>30</Value>")),
                "re-tagged for 30 days: " + s3.tagBodies());
        String runId = run.get("id").asText();
        byte[] downloaded = f.member().api().post(f.runs() + runId + "/artifacts/download/",
                Map.of("storage_path", path)).expect(200).body();
        assertEquals("# notes", new String(downloaded, java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(Map.of("detail", "Some pending_user_artifact_ids are invalid or expired",
                "missing_artifact_ids", List.of(id)), JsonValues.map(f.member().api().post(f.run(),
                Map.of("pending_user_artifact_ids", List.of(id))).expect(400).json()), "a staged artifact moves once");
    }

    @Test
    void t42_a33_missingAndExpiredStagedArtifactsAreRefused() throws Exception {
        Fixture f = newTask();
        assertEquals(Map.of("detail", "Some pending_user_artifact_ids are invalid or expired",
                "missing_artifact_ids", List.of("zz")), JsonValues.map(f.member().api().post(f.run(),
                Map.of("pending_user_artifact_ids", List.of("zz"))).expect(400).json()));

        String fresh = UUID.randomUUID().toString().replace("-", "");
        String expired = UUID.randomUUID().toString().replace("-", "");
        for (String id : List.of(fresh, expired)) {
            S3Objects.put(f.stagedPrefix() + id + "/a.txt", new byte[5], "text/plain");
        }
        f.member().api().post(TASKS + f.task() + "/staged_artifacts/finalize_upload/", Map.of("artifacts", List.of(
                Map.of("id", fresh, "name", "a.txt", "type", "user_attachment", "storage_path",
                        f.stagedPrefix() + fresh + "/a.txt"),
                Map.of("id", expired, "name", "a.txt", "type", "user_attachment", "storage_path",
                        f.stagedPrefix() + expired + "/a.txt")))).expect(200);
        TestEnvironment.get().database().update("update staged_artifact set expires_at = ? where artifact_id = ?",
                Timestamp.from(Instant.now().minus(Duration.ofHours(25))), expired);

        JsonNode refused = f.member().api().post(f.run(), Map.of("pending_user_artifact_ids",
                List.of("zz", fresh, expired))).expect(400).json();
        assertEquals(List.of("zz", expired), JsonValues.list(refused.get("missing_artifact_ids")), "request order");
        assertEquals(0, f.runCount(), "no run");
        assertEquals(1L, ((Number) TestEnvironment.get().database().scalar(
                "select count(*) from staged_artifact where artifact_id = ?", fresh)).longValue(), "nothing moved");

        f.member().api().post(f.run(), Map.of("pending_user_artifact_ids", List.of("x".repeat(129))))
                .expectError(400, "max_length", "Ensure this field has no more than 128 characters.",
                        "pending_user_artifact_ids__0");
        f.member().api().post(f.run(), Map.of("pending_user_artifact_ids", "a1"))
                .expectError(400, "not_a_list", "Expected a list of items but got type \"str\".",
                        "pending_user_artifact_ids");
    }

    // --- run options (T43–T51) and PR authorship (T54–T58)

    @Test
    void t43_to_t51_runtimeOptions() {
        Fixture f = newTask();
        for (String mode : List.of("default", "acceptEdits", "plan", "bypassPermissions", "auto")) {
            assertEquals(mode, f.start(Map.of("runtime_adapter", "claude", "model", "claude-sonnet-4-6",
                    "initial_permission_mode", mode)).at("/latest_run/state/initial_permission_mode").asText());
        }
        assertFalse(f.start(Map.of("runtime_adapter", "claude", "model", "claude-sonnet-4-6"))
                .at("/latest_run/state").has("initial_permission_mode"));
        int runs = f.runCount();
        var api = f.member().api();
        api.post(f.run(), Map.of("runtime_adapter", "claude", "model", "claude-sonnet-4-6",
                "initial_permission_mode", "full-access")).expectError(400, "invalid_input",
                "Invalid choice 'full-access' for runtime_adapter 'claude'. Supported values: 'default', 'acceptEdits',"
                        + " 'plan', 'bypassPermissions', 'auto'.", "initial_permission_mode");
        api.post(f.run(), Map.of("runtime_adapter", "codex", "model", "gpt-5.4", "initial_permission_mode",
                "default")).expectError(400, "invalid_input", "Invalid choice 'default' for runtime_adapter 'codex'."
                + " Supported values: 'plan', 'auto', 'read-only', 'full-access'.", "initial_permission_mode");
        api.post(f.run(), Map.of("initial_permission_mode", "plan")).expectError(400, "invalid_input",
                "This field requires runtime_adapter to be set.", "initial_permission_mode");
        api.post(f.run(), Map.of("model", "gpt-5.4")).expectError(400, "invalid_input",
                "This field is required when selecting a cloud runtime.", "runtime_adapter");
        api.post(f.run(), Map.of("runtime_adapter", "codex")).expectError(400, "invalid_input",
                "This field is required when selecting a cloud runtime.", "model");
        api.post(f.run(), Map.of("runtime_adapter", "codex", "model", "gpt-5.4", "reasoning_effort", "max"))
                .expectError(400, "invalid_input", "Reasoning effort 'max' is not supported for runtime_adapter"
                        + " 'codex' and model 'gpt-5.4'. Supported values: low, medium, high.", "reasoning_effort");
        api.post(f.run(), Map.of("runtime_adapter", "claude", "model", "claude-sonnet-4-5", "reasoning_effort",
                "high")).expectError(400, "invalid_input", "Reasoning effort 'high' is not supported for"
                + " runtime_adapter 'claude' and model 'claude-sonnet-4-5'. Supported values: none.", "reasoning_effort");
        assertEquals(runs, f.runCount(), "no refused run was stored");
        for (String mode : List.of("plan", "auto", "read-only", "full-access")) {
            assertEquals(mode, f.start(Map.of("runtime_adapter", "codex", "model", "gpt-5.4",
                    "initial_permission_mode", mode)).at("/latest_run/state/initial_permission_mode").asText());
        }
        for (String effort : List.of("low", "medium", "high")) {
            JsonNode run = f.start(Map.of("runtime_adapter", "codex", "model", "gpt-5.3-codex",
                    "reasoning_effort", effort)).get("latest_run");
            assertEquals("codex", run.get("runtime_adapter").asText());
            assertEquals("openai", run.get("provider").asText());
            assertEquals("gpt-5.3-codex", run.get("model").asText());
            assertEquals(effort, run.get("reasoning_effort").asText());
            assertEquals(effort, run.at("/state/reasoning_effort").asText());
        }
    }

    @Test
    void t54_to_t58_prAuthorship() {
        Member creator = fixtures().newMember();
        Fixture f = taskOf(creator, Map.of("title", "authorship", "origin_product", "workflow"));
        String token = "ghp_startToken0123456789";
        JsonNode run = f.start(body("pr_authorship_mode", "user", "run_source", "manual", "branch", "main",
                "github_user_token", token)).get("latest_run");
        JsonNode state = run.get("state");
        assertEquals("user", state.get("pr_authorship_mode").asText());
        assertEquals("manual", state.get("run_source").asText());
        assertEquals("main", state.get("pr_base_branch").asText());
        assertEquals("caller_token", state.get("github_credential_source").asText());
        assertFalse(run.toString().contains(token));
        assertNotNull(TestEnvironment.get().database().scalar("select github_user_token from run_secret"
                + " where run_id = ?", UUID.fromString(run.get("id").asText())), "the caller's token is kept");

        Member other = fixtures().newMember(creator.project());
        other.api().post(f.run(), Map.of("pr_authorship_mode", "user")).expectError(400,
                "github_authorization_required",
                "User-authored runs must be started by the task creator, or provide github_user_token.",
                "pr_authorship_mode");
        creator.api().post(f.run(), Map.of("pr_authorship_mode", "user")).expectError(400,
                "github_authorization_required",
                "Link a GitHub account with repo access before running user-authored cloud tasks.",
                "pr_authorship_mode");
        assertEquals("bot", f.start(Map.of("run_source", "signal_report", "pr_authorship_mode", "user"))
                .at("/latest_run/state/pr_authorship_mode").asText());

        long github = admin().post("/api/projects/" + creator.project() + "/integrations/", Map.of("kind", "github",
                "sensitive_config", Map.of("access_token", "t"))).expect(201).json().get("id").asLong();
        Fixture bare = taskOf(creator, Map.of("title", "no integration yet"));
        TestEnvironment.get().database().update("update task set github_integration_id = null where id = ?",
                UUID.fromString(bare.task()));
        JsonNode downgraded = bare.start(Map.of("pr_authorship_mode", "user"));
        assertEquals("bot", downgraded.at("/latest_run/state/pr_authorship_mode").asText());
        assertEquals(github, downgraded.get("github_integration").asLong(), "the task adopts the integration");
    }

    // --- access (T28, C5)

    @Test
    void t28_c05_onlyCallersWhoControlTheTaskStartRuns() {
        Fixture f = newTask();
        Member stranger = fixtures().newMember(f.member().project());
        stranger.api().post(f.run(), Map.of()).expectError(404, "not_found", "Not found.", null);
        Api reader = fixtures().keyFor(f.member(), Map.of("label", "read", "scopes", List.of("task:read")));
        reader.post(f.run(), Map.of()).expectError(403, "permission_denied",
                "API key missing required scope 'task:write'", null);
        f.member().api().post(TASKS + UUID.randomUUID() + "/run/", Map.of()).expectError(404, "not_found",
                "Not found.", null);
        assertEquals(0, f.runCount(), "no run created");
    }

    private static void await(Duration limit, String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(250);
        }
    }
}
