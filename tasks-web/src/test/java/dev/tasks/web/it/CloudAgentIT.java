package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.AgentStub.Answer;
import dev.tasks.web.it.AgentStub.Command;
import dev.tasks.web.it.Fixtures.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The cloud half of the API against agents that check what they get (docs/cloud-runs.md): connection tokens, commands,
 * queued messages, sandbox keys and the agent's environment, start, resume and cancel, the usage gate. The WAR the
 * build produced plus {@link StubAgentProvider}, whose sandboxes are {@link AgentStub}'s agents, and
 * {@link StubUsageGate}, which asks the same stub; commands time out after 3 s here (600 s by default).
 */
class CloudAgentIT extends DeployedService {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final AgentStub AGENTS = TestEnvironment.get().agents();

    @Deployment(testable = false)
    public static WebArchive war() {
        WebArchive war = builtWarWith(Map.of("tasks.sandbox.provider", StubAgentProvider.NAME,
                "tasks.usage.gate", StubUsageGate.NAME, "tasks.agent.command.timeout.seconds", "3"));
        war.addClasses(StubAgentProvider.class, StubUsageGate.class);
        war.addAsResource(new StringAsset(StubAgentProvider.class.getName() + "\n"),
                "META-INF/services/dev.tasks.domain.sandbox.SandboxProvider");
        war.addAsResource(new StringAsset(StubUsageGate.class.getName() + "\n"),
                "META-INF/services/dev.tasks.domain.run.UsageGate");
        return war;
    }

    private record Fixture(Member member, String task) {
        String runs() {
            return TASKS + task + "/runs/";
        }

        String run(String id) {
            return runs() + id + "/";
        }

        JsonNode get(String runId) {
            return member.api().get(run(runId)).expect(200).json();
        }

        ApiResponse command(String runId, Object body) {
            return member.api().post(run(runId) + "command/", body);
        }
    }

    private Fixture newTask() {
        Member member = fixtures().newMember();
        return new Fixture(member, fixtures().newTask(member, Map.of("title", "agent", "repository", "acme/web"))
                .get("id").asText());
    }

    private static String newRun(Fixture f, Map<String, Object> body) {
        return f.member().api().post(f.runs(), body).expect(201).json().get("id").asText();
    }

    private static void setState(String runId, String stateJson) {
        assertEquals(1, TestEnvironment.get().database().update("update task_run set state = ? where id = ?",
                stateJson, UUID.fromString(runId)));
    }

    /** A cloud run whose sandbox (set straight in the database) is the stub's agent of that run. */
    private String runWithAgent(Fixture f) {
        String run = newRun(f, Map.of("environment", "cloud"));
        setState(run, "{\"mode\":\"background\",\"sandbox_id\":\"sb-x\",\"sandbox_url\":\"" + AGENTS.agentUrl(run)
                + "\"}");
        AGENTS.trust(publicKey(f));
        return run;
    }

    private static String publicKey(Fixture f) {
        return f.member().api().get(TASKS + "sandbox_public_key/").expect(200).json().at("/keys/0/public_key").asText();
    }

    private static Map<String, Object> rpc(String method, Object params, Object id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("method", method);
        if (params != null) {
            body.put("params", params);
        }
        if (id != null) {
            body.put("id", id);
        }
        return body;
    }

    private static long count(String sql, Object parameter) {
        return ((Number) TestEnvironment.get().database().scalar(sql, parameter)).longValue();
    }

    private static long messages(String runId) {
        return count("select count(*) from run_message where run_id = ? and channel = 'agent'", UUID.fromString(runId));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    // --- connection tokens (K1–K4)

    @Test
    void k1_k4_aConnectionTokenIsVerifiedWithThePublishedKey() {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        JsonNode keys = f.member().api().get(TASKS + "sandbox_public_key/").expect(200).json();
        assertEquals("RS256", keys.get("algorithm").asText());
        assertEquals("posthog:sandbox_connection", keys.get("audience").asText());
        JsonNode key = keys.get("keys").get(0);
        assertTrue(key.get("primary").asBoolean());
        assertTrue(key.get("public_key").asText().startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertTrue(key.get("kid").asText().matches("[0-9a-f]{16}"));

        JsonNode answer = f.member().api().get(f.run(run) + "connection_token/").expect(200).json();
        assertEquals(List.of("token"), List.copyOf(JsonValues.map(answer).keySet()));
        Map<String, Object> claims = AgentStub.verify(answer.get("token").asText(), key.get("public_key").asText());
        assertEquals(run, claims.get("run_id"));
        assertEquals(f.task(), claims.get("task_id"));
        assertEquals(f.member().project(), ((Number) claims.get("team_id")).longValue());
        assertTrue(claims.get("team_id") instanceof Number && claims.get("user_id") instanceof Number);
        assertEquals(f.member().id(), ((Number) claims.get("user_id")).longValue());
        assertEquals(f.member().distinctId(), claims.get("distinct_id"));
        assertEquals("background", claims.get("mode"));
        assertEquals("posthog:sandbox_connection", claims.get("aud") instanceof List<?> list ? list.get(0)
                : claims.get("aud"));
        long iat = ((Number) claims.get("iat")).longValue();
        long exp = ((Number) claims.get("exp")).longValue();
        assertEquals(86_400, exp - iat);
        assertTrue(Math.abs(exp - (Instant.now().getEpochSecond() + 86_400)) <= 60);
        assertEquals(key.get("kid").asText(), claims.get("kid"));
        assertEquals("RS256", claims.get("alg"));
        assertEquals("JWT", claims.get("typ"));
        assertFalse(claims.containsKey("iss") || claims.containsKey("sub"), "no iss, no sub: " + claims);

        setState(run, "{\"mode\":\"interactive\"}");
        String interactive = f.member().api().get(f.run(run) + "connection_token/").expect(200).json().get("token")
                .asText();
        assertEquals("interactive", AgentStub.verify(interactive, key.get("public_key").asText()).get("mode"));
    }

    @Test
    void k2_k3_k25_tokensAndCommandsNeedWriteAccessToTheRunsOwnProject() {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        Api reader = fixtures().keyFor(f.member(), Map.of("label", "read", "scopes", List.of("task:read")));
        reader.get(f.run(run) + "connection_token/").expectError(403, "permission_denied", null, null);
        reader.get(TASKS + "sandbox_public_key/").expect(200);
        Member stranger = fixtures().newMember();
        String foreign = "/api/projects/" + stranger.project() + "/tasks/" + f.task() + "/runs/" + run + "/";
        stranger.api().get(foreign + "connection_token/").expect(404);
        stranger.api().post(foreign + "command/", rpc("cancel", null, 1)).expect(404);
        stranger.api().get(TASKS + f.task() + "/runs/" + run + "/connection_token/")
                .expectError(404, "not_found", "Task not found", null);
    }

    // --- user_message is queued (K6–K10)

    @Test
    void k6_k7_k8_k9_aUserMessageIsQueuedWithWhatItNames() {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        setState(run, "{\"mode\":\"background\",\"await_user_message\":true}");
        JsonNode queued = f.command(run, rpc("user_message", Map.of("content", "Hello agent"), "req-1"))
                .expect(200).json();
        assertEquals(Map.of("jsonrpc", "2.0", "id", "req-1", "result", Map.of("queued", true)), JsonValues.map(queued));
        assertEquals(1, messages(run));
        String payload = (String) TestEnvironment.get().database().scalar(
                "select payload from run_message where run_id = ? order by id", UUID.fromString(run));
        JsonNode stored = JsonValues.tree(payload);
        assertEquals("Hello agent", stored.get("content").asText());
        assertEquals(0, stored.get("artifacts").size());
        assertFalse(stored.get("steer").asBoolean());
        assertEquals(f.member().id(), stored.get("author_user_id").asLong());
        assertEquals(1, count("select count(*) from scheduled_long_tasks where task_name = 'run.message' and task_instance ="
                + " (select cast(max(id) as varchar(20)) from run_message where run_id = ?)", UUID.fromString(run)));
        assertFalse(f.get(run).get("state").has("await_user_message"), "a queued message clears await_user_message");

        // K7: an artifact of the run's manifest, and steer.
        JsonNode entry = f.member().api().post(f.run(run) + "artifacts/", Map.of("artifacts", List.of(Map.of(
                "name", "a1.txt", "type", "user_attachment", "content", "aGk=", "source", "user_attachment"))))
                .expect(200).json().at("/artifacts/0");
        f.command(run, rpc("user_message", Map.of("artifact_ids", List.of(entry.get("id").asText()), "steer", true),
                7)).expect(200);
        JsonNode second = JsonValues.tree((String) TestEnvironment.get().database().scalar(
                "select payload from run_message where run_id = ? order by id desc", UUID.fromString(run)));
        assertTrue(second.get("steer").asBoolean());
        assertEquals(entry.get("id").asText(), second.at("/artifacts/0/id").asText());
        assertEquals(entry.get("storage_path").asText(), second.at("/artifacts/0/storage_path").asText());
        assertTrue(second.get("content").isNull());

        // K8: an id not in the manifest: nothing is queued.
        JsonNode missing = f.command(run, rpc("user_message", Map.of("artifact_ids", List.of("missing-artifact")), 8))
                .expect(400).json();
        assertEquals(Map.of("error", "Some artifact_ids are invalid for this run", "missing_artifact_ids",
                List.of("missing-artifact")), JsonValues.map(missing));
        assertEquals(2, messages(run));

        // K9: a run that has ended takes no message.
        f.member().api().patch(f.run(run), Map.of("status", "completed")).expect(200);
        assertEquals(Map.of("error", "Task run workflow has ended"), JsonValues.map(
                f.command(run, rpc("user_message", Map.of("content", "late"), 9)).expect(409).json()));
        String local = newRun(f, Map.of());
        f.command(local, rpc("user_message", Map.of("content", "x"), 1)).expect(409);
        assertEquals(2, messages(run));
    }

    @Test
    void k10_aMessageThatCannotBeQueuedIs502AndLeavesTheRunAsItWas() {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        setState(run, "{\"mode\":\"background\",\"await_user_message\":true}");
        var db = TestEnvironment.get().database();
        db.update("alter table run_message add constraint it_queue_fails check (payload not like '%queue-failure%')");
        try {
            JsonNode refused = f.command(run, rpc("user_message", Map.of("content", "queue-failure"), 1)).expect(502)
                    .json();
            assertEquals(Map.of("error", "Failed to queue user message for task run"), JsonValues.map(refused));
        } finally {
            db.update("alter table run_message drop constraint it_queue_fails");
        }
        assertEquals(0, messages(run));
        assertTrue(f.get(run).get("state").get("await_user_message").asBoolean(), "rolled back");
    }

    // --- forwarded methods (K11–K24)

    @Test
    void k11_k15_k16_forwardedCommandsReachTheAgentAsSent() {
        Fixture f = newTask();
        String run = runWithAgent(f);
        JsonNode cancelled = f.command(run, rpc("cancel", null, 0)).expect(200).json();
        assertEquals(Map.of("jsonrpc", "2.0", "id", 0, "result", Map.of("cancelled", true)), JsonValues.map(cancelled));
        Command cancel = AGENTS.commands(run).get(0);
        assertEquals("/agent/" + run + "/command", cancel.target());
        assertEquals(Map.of("jsonrpc", "2.0", "method", "cancel", "id", 0), JsonValues.map(cancel.body()));
        assertTrue(cancel.body().get("id").isIntegralNumber());
        assertEquals("application/json", cancel.headers().get("content-type"));
        assertEquals(f.task(), cancel.claims().get("task_id"));
        assertEquals(f.member().project(), ((Number) cancel.claims().get("team_id")).longValue());
        assertEquals(f.member().id(), ((Number) cancel.claims().get("user_id")).longValue());

        Map<String, Object> permission = Map.of("requestId", "r-1", "optionId", "allow", "customInput", "why",
                "answers", Map.of("q", "a"));
        assertEquals(Map.of("resolved", true), JsonValues.map(f.command(run, rpc("permission_response", permission, 42))
                .expect(200).json().get("result")));
        Command forwarded = AGENTS.commands(run).get(1);
        assertEquals(permission, JsonValues.map(forwarded.body().get("params")));
        assertEquals(42, forwarded.body().get("id").asInt());
        f.command(run, rpc("set_config_option", Map.of("configId", "model", "value", "opus"), "s")).expect(200);
        assertEquals(Map.of("configId", "model", "value", "opus"),
                JsonValues.map(AGENTS.commands(run).get(2).body().get("params")));
        f.command(run, rpc("close", Map.of(), null)).expect(200);
        Command close = AGENTS.commands(run).get(3);
        assertFalse(close.body().has("id"), "no id when the request had none");
        assertFalse(close.body().has("params"), "empty params are left out");
    }

    @Test
    void k12_k14_theSandboxMustBeUpAndItsConnectTokenTravelsAsAQueryParameter() {
        Fixture f = newTask();
        String idle = newRun(f, Map.of("environment", "cloud"));
        assertEquals(Map.of("error", "No active sandbox for this task run", "type", "runtime_unavailable",
                "code", "sandbox_not_ready"), JsonValues.map(f.command(idle, rpc("cancel", null, 1)).expect(400).json()));

        String run = newRun(f, Map.of("environment", "cloud"));
        setState(run, "{\"sandbox_url\":\"" + AGENTS.agentUrl(run) + "/\",\"sandbox_connect_token\":\"modal-token-abc123\"}");
        AGENTS.trust(publicKey(f));
        f.command(run, rpc("cancel", null, 1)).expect(200);
        Command sent = AGENTS.commands(run).get(0);
        assertEquals("/agent/" + run + "/command?_modal_connect_token=modal-token-abc123", sent.target());
        assertFalse(sent.headers().values().stream().anyMatch(value -> value.contains("modal-token-abc123")),
                "never a header");
    }

    @Test
    void k13_malformedCommandsAre400AndGoNowhere() {
        Fixture f = newTask();
        String run = runWithAgent(f);
        List<Map<String, Object>> bodies = List.of(
                Map.of("method", "cancel"),
                Map.of("jsonrpc", "1.0", "method", "cancel"),
                Map.of("jsonrpc", "2.0", "method", "unknown"),
                Map.of("jsonrpc", "2.0", "method", "_posthog/user_message"),
                rpc("user_message", Map.of(), 1),
                rpc("user_message", Map.of("content", "   "), 1),
                rpc("user_message", Map.of("content", "x", "steer", "yes"), 1),
                rpc("permission_response", Map.of("optionId", "o"), 1),
                rpc("permission_response", Map.of("requestId", "r"), 1),
                rpc("permission_response", Map.of(), 1),
                rpc("set_config_option", Map.of("value", "v"), 1),
                rpc("set_config_option", Map.of("configId", "c"), 1),
                rpc("set_config_option", Map.of(), 1),
                rpc("cancel", "not an object", 1),
                rpc("cancel", null, true),
                rpc("cancel", null, List.of(1)));
        for (Map<String, Object> body : bodies) {
            assertEquals(400, f.command(run, body).status(), () -> "refused: " + body);
        }
        f.command(run, Map.of("method", "cancel")).expectError(400, "required", "This field is required.", "jsonrpc");
        f.command(run, Map.of("jsonrpc", "1.0", "method", "cancel")).expectError(400, "invalid_choice",
                "\"1.0\" is not a valid choice.", "jsonrpc");
        f.command(run, Map.of("jsonrpc", "2.0", "method", "_posthog/user_message")).expectError(400,
                "invalid_choice", "\"_posthog/user_message\" is not a valid choice.", "method");
        f.command(run, rpc("user_message", Map.of(), 1)).expectError(400, "invalid_input",
                "user_message requires a non-empty content string, artifact_ids, or both", "params");
        f.command(run, rpc("permission_response", Map.of(), 1)).expectError(400, "invalid_input",
                "permission_response requires non-empty requestId and optionId strings", "params");
        f.command(run, rpc("set_config_option", Map.of(), 1)).expectError(400, "invalid_input",
                "set_config_option requires non-empty configId and value strings", "params");
        f.command(run, rpc("user_message", Map.of("content", "x", "steer", "yes"), 1)).expectError(400,
                "invalid_input", "steer must be a boolean", "params");
        f.command(run, rpc("cancel", null, true)).expectError(400, "invalid_input", "id must be a string or number",
                "id");
        f.command(run, rpc("cancel", "not an object", 1)).expectError(400, "not_a_dict", null, "params");
        assertEquals(List.of(), AGENTS.commands(run), "nothing reached the agent");
        assertEquals(0, messages(run));
    }

    @Test
    void k17_to_k22_theAgentsOutcomeIsReportedAsTheSpecMapsIt() {
        Fixture f = newTask();
        String down = newRun(f, Map.of("environment", "cloud"));
        setState(down, "{\"sandbox_url\":\"http://127.0.0.1:1\"}");
        assertTrue(f.command(down, rpc("cancel", null, 1)).expect(502).json().get("error").asText()
                .contains("not reachable"));

        String run = runWithAgent(f);
        AGENTS.program(run, new Answer(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", 4_000));
        long started = System.nanoTime();
        JsonNode late = f.command(run, rpc("cancel", null, 1)).expect(504).json();
        assertTrue(late.get("error").asText().contains("timed out"), late::toString);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(4).toNanos(), "answered at the 3 s timeout");

        AGENTS.program(run, new Answer(401, "{\"error\":\"Missing authorization header\"}", 0),
                new Answer(400, "{\"error\":\"No active session for this run\"}", 0),
                new Answer(500, "<html>boom</html>", 0),
                new Answer(401, "not json", 0),
                new Answer(400, "[]", 0),
                Answer.ok("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"bad\"}}"));
        assertEquals(Map.of("error", "Missing authorization header"),
                JsonValues.map(f.command(run, rpc("cancel", null, 1)).expect(502).json()));
        assertEquals(Map.of("error", "No active session for this run"),
                JsonValues.map(f.command(run, rpc("cancel", null, 2)).expect(502).json()));
        assertEquals(Map.of("error", "Agent server returned 500"),
                JsonValues.map(f.command(run, rpc("cancel", null, 3)).expect(502).json()));
        assertEquals(Map.of("error", "Agent server authentication failed"),
                JsonValues.map(f.command(run, rpc("cancel", null, 4)).expect(502).json()));
        assertEquals(Map.of("error", "Agent server rejected the command"),
                JsonValues.map(f.command(run, rpc("cancel", null, 4)).expect(502).json()));
        ApiResponse verbatim = f.command(run, rpc("permission_response", Map.of("requestId", "r", "optionId", "o"), 5))
                .expect(200);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"bad\"}}", verbatim.text());
    }

    @Test
    void theNewPostsHonourIdempotencyKeys() {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        Api keyed = f.member().api().withHeader("Idempotency-Key", "message-" + UUID.randomUUID());
        ApiResponse first = keyed.post(f.run(run) + "command/", rpc("user_message", Map.of("content", "once"), 1))
                .expect(200);
        ApiResponse again = keyed.post(f.run(run) + "command/", rpc("user_message", Map.of("content", "once"), 1))
                .expect(200);
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.text(), again.text());
        assertEquals(1, messages(run), "queued once");
        Api cancelKey = f.member().api().withHeader("Idempotency-Key", "cancel-" + UUID.randomUUID());
        JsonNode cancelled = cancelKey.post(f.run(run) + "cancel/", Map.of()).expect(200).json();
        ApiResponse replayed = cancelKey.post(f.run(run) + "cancel/", Map.of()).expect(200);
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertEquals(cancelled, replayed.json());
        cancelKey.post(f.run(run) + "cancel/", Map.of("reason", "other")).expectError(422, "idempotency_key_reused",
                null, null);
    }

    @Test
    void k23_k24_onlyAllowedSandboxUrlsAreCalled() {
        Fixture f = newTask();
        for (String url : List.of("http://169.254.169.254", "http://internal-host", "file:///etc/passwd", "ftp://x",
                "http://evil.com", "https://evil.com", "http://localhost@evil.com/", "http://metadata.google.internal",
                "https://modal.run", "https://a.modal.run.evil.com")) {
            String run = newRun(f, Map.of("environment", "cloud"));
            setState(run, "{\"sandbox_url\":\"" + url + "\"}");
            assertEquals(Map.of("error", "Invalid sandbox URL"),
                    JsonValues.map(f.command(run, rpc("cancel", null, 1)).expect(400).json()), url);
        }
        for (String url : List.of("http://localhost:1", "http://127.0.0.1:1")) {
            String run = newRun(f, Map.of("environment", "cloud"));
            setState(run, "{\"sandbox_url\":\"" + url + "\"}");
            assertEquals(502, f.command(run, rpc("cancel", null, 1)).status(), url + " passes the allow-list");
        }
    }

    // --- the sandbox's life: start, key, environment, messages, completion (K26, K37, K40–K44, R4–R8)

    @Test
    void k37_k43_aStartedRunGetsASandboxWithItsEnvironmentAndKeyAndGivesThemBackWhenItEnds() throws Exception {
        Fixture f = newTask();
        String run = f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(200).json()
                .at("/latest_run/id").asText();
        await("the sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        JsonNode state = f.get(run).get("state");
        assertEquals(AGENTS.agentUrl(run), state.get("sandbox_url").asText());
        assertEquals("sb-" + run, state.get("sandbox_id").asText());
        JsonNode provision = AGENTS.provisions(f.task()).get(0);
        assertEquals(1, AGENTS.provisions(f.task()).size());
        JsonNode environment = provision.get("environment");
        assertEquals(root().toString().replaceAll("/+$", ""), environment.get("POSTHOG_API_URL").asText());
        assertEquals(Long.toString(f.member().project()), environment.get("POSTHOG_PROJECT_ID").asText());
        assertEquals("1", environment.get("IS_SANDBOX").asText());
        assertFalse(environment.has("POSTHOG_RESUME_RUN_ID"));
        assertEquals(21_600, provision.get("ttl_seconds").asLong());
        String token = f.member().api().get(f.run(run) + "connection_token/").expect(200).json().get("token").asText();
        Map<String, Object> claims = AgentStub.verify(token, environment.get("JWT_PUBLIC_KEY").asText());
        assertEquals(state.get("sandbox_jwt_kid").asText(), claims.get("kid"));

        Api agent = f.member().api().withKey(environment.get("POSTHOG_PERSONAL_API_KEY").asText());
        agent.get(TASKS + f.task() + "/").expect(200);
        agent.get(f.run(run)).expect(200);
        agent.get("/api/users/@me/").expect(200);
        agent.patch(f.run(run), Map.of("status", "in_progress")).expect(200);
        String other = fixtures().newTask(f.member(), Map.of("title", "other")).get("id").asText();
        agent.get(TASKS + other + "/").expectError(404, "not_found", "Not found.", null);
        agent.get(TASKS + other + "/runs/").expectError(404, "not_found", "Not found.", null);
        agent.get(TASKS).expectError(403, "permission_denied", "You do not have permission to perform this action.",
                null);
        agent.get("/api/personal_api_keys/").expectError(403, "permission_denied", null, null);
        agent.get(TASKS + "sandbox_public_key/").expect(403);
        assertTrue(f.member().api().get("/api/personal_api_keys/").expect(200).json().findValues("label").stream()
                .noneMatch(label -> label.asText().startsWith("sandbox:")), "hidden from the key API");

        // K37: the run ends; the sandbox is destroyed once and the key stops working.
        f.member().api().patch(f.run(run), Map.of("status", "completed")).expect(200);
        await("the sandbox is released", () -> !f.get(run).get("state").has("sandbox_url"));
        assertEquals(List.of("sb-" + run), AGENTS.destroyed().stream().filter(id -> id.equals("sb-" + run)).toList());
        agent.get(f.run(run)).expectError(403, "authentication_failed", null, null);
        assertEquals("sb-" + run, f.get(run).at("/state/sandbox_id").asText(), "the id stays as a record");
    }

    /** Every operation of the served OpenAPI document: method and path template without its last slash. */
    private List<String[]> operations() {
        JsonNode document = anonymous().withHeader("Accept", "application/json").get("/openapi").expect(200).json();
        List<String[]> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                operations.add(new String[] {method.toUpperCase(Locale.ROOT), path.getKey().replaceAll("/$", "")});
            }
        }));
        return operations;
    }

    @Test
    void k43_aSandboxKeyIsRefusedOnEveryRouteButItsTasksAndItsOwnUser() throws Exception {
        Fixture f = newTask();
        String run = f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(200).json()
                .at("/latest_run/id").asText();
        await("the sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        Api agent = f.member().api().withKey(AGENTS.provisions(f.task()).get(0)
                .at("/environment/POSTHOG_PERSONAL_API_KEY").asText());
        List<String[]> operations = operations();
        assertTrue(operations.size() > 40, "the document lists the API: " + operations.size());
        int checked = 0;
        for (String[] operation : operations) {
            String method = operation[0];
            String template = operation[1];
            if (!template.startsWith("/api/") || template.equals("/api/ping")) {
                continue;
            }
            Object body = method.equals("GET") || method.equals("DELETE") ? null : Map.of();
            String other = template.replace("{project_id}", "@current").replace("{task_id}", UUID.randomUUID().toString())
                    .replace("{run_id}", run).replaceAll("\\{[a-z_]+}", "1") + "/";
            ApiResponse answer = agent.send(method, other, body, body == null ? null : "application/json");
            if (template.contains("{task_id}")) {
                assertEquals(404, answer.status(), () -> method + " " + template + " of another task: " + answer.text());
            } else if (method.equals("GET") && template.equals("/api/users/@me")) {
                assertEquals(200, answer.status());
            } else if (template.startsWith("/api/llm/")) {
                assertEquals(200, answer.status(), () -> "the model gateway serves sandboxes: " + template);
            } else {
                answer.expectError(403, "permission_denied", "You do not have permission to perform this action.", null);
            }
            if (method.equals("GET") && template.contains("{task_id}") && !template.endsWith("/stream")) {
                String own = template.replace("{project_id}", "@current").replace("{task_id}", f.task())
                        .replace("{run_id}", run).replaceAll("\\{[a-z_]+}", "1") + "/";
                ApiResponse mine = agent.get(own);
                assertFalse(mine.status() == 403 || (mine.status() == 404 && mine.text().contains("\"Not found.\"")
                        && !own.contains("/artifacts/")), () -> "GET " + own + " of its own task: " + mine.text());
            }
            checked++;
        }
        assertTrue(checked > 30, "routes checked: " + checked);
    }

    @Test
    void k26_k40_k41_k42_queuedMessagesReachTheAgentInOrderWithTheirMessageIds() throws Exception {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        JsonNode entry = f.member().api().post(f.run(run) + "artifacts/", Map.of("artifacts", List.of(Map.of(
                "name", "a1.txt", "type", "user_attachment", "content", "aGk=", "source", "user_attachment"))))
                .expect(200).json().at("/artifacts/0");
        // Queued before the sandbox exists; delivered once it does.
        AGENTS.program(run,
                Answer.ok("{\"jsonrpc\":\"2.0\",\"result\":{\"stopReason\":\"steer_declined\",\"steered\":false,"
                        + "\"reason\":\"no_active_turn\"}}"),
                Answer.ok("{\"jsonrpc\":\"2.0\",\"result\":{\"stopReason\":\"end_turn\"}}"),
                new Answer(400, "{\"error\":\"No active session for this run\"}", 0));
        f.command(run, rpc("user_message", Map.of("content", "Hello agent", "steer", true), 1)).expect(200);
        f.command(run, rpc("user_message", Map.of("artifact_ids", List.of(entry.get("id").asText())), 2)).expect(200);
        f.member().api().post(f.run(run) + "start/", Map.of()).expect(200);
        await("both messages are delivered", () -> count("select count(*) from run_message where run_id = ?"
                + " and status = 'delivered'", UUID.fromString(run)) == 2);
        List<Command> sent = AGENTS.commands(run);
        assertEquals(4, sent.size(), "steered once, resent without steer; the second refused once, then taken");
        JsonNode first = sent.get(0).body().get("params");
        assertEquals("user_message", sent.get(0).body().get("method").asText());
        assertEquals("Hello agent", first.get("content").asText());
        assertTrue(first.get("steer").asBoolean());
        JsonNode resent = sent.get(1).body().get("params");
        assertEquals(first.get("messageId"), resent.get("messageId"));
        assertFalse(resent.has("steer"));
        JsonNode second = sent.get(2).body().get("params");
        assertFalse(second.has("content"));
        assertEquals(entry.get("id").asText(), second.at("/artifacts/0/id").asText());
        assertFalse(second.get("messageId").equals(first.get("messageId")));
        assertEquals(second.get("messageId"), sent.get(3).body().at("/params/messageId"), "the retry keeps it");
        assertEquals(f.member().id(), ((Number) sent.get(0).claims().get("user_id")).longValue());
    }

    @Test
    void messagesWaitingOnAgentsDoNotTakeTheWorkersOfOtherJobs() throws Exception {
        // Five agents that sit on their first message past the command timeout: with the four workers
        // short jobs have, a shared pool could not hold more than four such deliveries at once.
        List<String> runs = new ArrayList<>();
        Fixture f = newTask();
        for (int i = 0; i < 5; i++) {
            String run = runWithAgent(f);
            AGENTS.program(run, new Answer(200, "{\"jsonrpc\":\"2.0\",\"result\":{}}", 10_000));
            runs.add(run);
        }
        for (String run : runs) {
            f.command(run, rpc("user_message", Map.of("content", "slow"), null)).expect(200);
        }
        Map<String, Long> received = new LinkedHashMap<>();
        await("every agent has its message", () -> {
            for (String run : runs) {
                if (!AGENTS.commands(run).isEmpty()) {
                    received.putIfAbsent(run, System.nanoTime());
                }
            }
            return received.size() == runs.size();
        });
        long spread = received.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - received.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(Duration.ofNanos(spread).toMillis() < 3_000, "all five were in flight at once");
        String started = f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(200).json()
                .at("/latest_run/id").asText();
        await("a start is not held up by the waiting messages", () -> f.get(started).at("/state/sandbox_url")
                .isTextual());
        for (String run : runs) {
            await("the message is delivered on a later attempt", () -> messages(run) == 1 && count(
                    "select count(*) from run_message where run_id = ? and status = 'delivered'", UUID.fromString(run))
                    == 1);
        }
    }

    @Test
    void r4_r5_r6_r7_r8_startTakesAQueuedCloudRunOnly() throws Exception {
        Fixture f = newTask();
        String run = newRun(f, Map.of("environment", "cloud"));
        String artifact = f.member().api().post(f.run(run) + "artifacts/", Map.of("artifacts", List.of(Map.of(
                "name", "a.txt", "type", "user_attachment", "content", "aGk=", "source", "user_attachment"))))
                .expect(200).json().at("/artifacts/0/id").asText();
        assertEquals(Map.of("detail", "Some pending_user_artifact_ids are invalid for this run",
                "missing_artifact_ids", List.of("artifact-123")), JsonValues.map(f.member().api().post(f.run(run)
                + "start/", Map.of("pending_user_artifact_ids", List.of("artifact-123"))).expect(400).json()));
        JsonNode task = f.member().api().post(f.run(run) + "start/", Map.of("pending_user_message", "  go  ",
                "pending_user_artifact_ids", List.of(artifact))).expect(200).json();
        assertEquals(f.task(), task.get("id").asText());
        JsonNode state = f.get(run).get("state");
        assertEquals("go", state.get("pending_user_message").asText());
        assertEquals(List.of(artifact), JsonValues.list(state.get("pending_user_artifact_ids")));
        await("the run's sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        assertEquals(1, AGENTS.provisions(f.task()).size(), "exactly one run.start");
        assertEquals(List.of(artifact), JsonValues.list(AGENTS.provisions(f.task()).get(0).get("artifacts")));

        f.member().api().patch(f.run(run), Map.of("status", "completed")).expect(200);
        assertEquals(Map.of("error", "Only queued or not_started cloud runs can be started (current status: completed)"),
                JsonValues.map(f.member().api().post(f.run(run) + "start/", Map.of()).expect(400).json()));
        String local = newRun(f, Map.of());
        assertEquals(Map.of("error", "Only cloud runs can be started via this endpoint"),
                JsonValues.map(f.member().api().post(f.run(local) + "start/", Map.of()).expect(400).json()));

        // R8: the job cannot be stored: nothing changes.
        String failing = newRun(f, Map.of("environment", "cloud"));
        setState(failing, "{\"existing_key\":\"keep-me\"}");
        var db = TestEnvironment.get().database();
        db.update("alter table scheduled_long_tasks add constraint it_start_fails check (task_instance <> '" + failing + "')");
        try {
            f.member().api().post(f.run(failing) + "start/", Map.of("pending_user_message", "x")).expect(500);
        } finally {
            db.update("alter table scheduled_long_tasks drop constraint it_start_fails");
        }
        assertEquals(Map.of("existing_key", "keep-me"), JsonValues.map(f.get(failing).get("state")));
    }

    @Test
    void r32_to_r35_k44_resumeInCloudHandsARunOffUnderItsOwnId() throws Exception {
        Fixture f = newTask();
        String run = newRun(f, Map.of());
        f.member().api().post(f.run(run) + "append_log/", Map.of("entries", List.of(Map.of("type", "notification",
                "timestamp", "2026-01-01T00:00:00Z", "notification", Map.of("method", "hello"))))).expect(200);
        f.member().api().patch(f.run(run), Map.of("status", "failed")).expect(200);
        setState(run, "{\"mode\":\"background\",\"sandbox_id\":\"sb-old\",\"sandbox_url\":\"http://127.0.0.1:1\"}");

        JsonNode resumed = f.member().api().post(f.run(run) + "resume_in_cloud/", null).expect(200).json();
        assertEquals(run, resumed.get("id").asText());
        assertEquals("cloud", resumed.get("environment").asText());
        assertEquals("queued", resumed.get("status").asText());
        assertTrue(resumed.get("completed_at").isNull());
        assertTrue(resumed.get("error_message").isNull());
        assertTrue(resumed.at("/state/handoff_resumed").asBoolean());
        assertEquals("interactive", resumed.at("/state/mode").asText());
        assertFalse(resumed.get("state").has("sandbox_id"));
        assertFalse(resumed.get("state").has("sandbox_url"));
        await("the old sandbox is torn down", () -> AGENTS.destroyed().contains("sb-old"));
        await("the new sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        JsonNode provision = AGENTS.provisions(f.task()).get(0);
        assertEquals(run, provision.at("/environment/POSTHOG_RESUME_RUN_ID").asText(), "K44");

        // R34: a run active in the cloud is not resumed again.
        assertEquals(Map.of("error", "Run is already active in cloud"),
                JsonValues.map(f.member().api().post(f.run(run) + "resume_in_cloud/", null).expect(400).json()));
    }

    @Test
    void r32_r33_userAuthoredResumesNeedTheCreatorAndAGithubIntegration() throws Exception {
        Fixture f = newTask();
        String run = newRun(f, Map.of());
        f.member().api().patch(f.run(run), Map.of("status", "completed")).expect(200);
        setState(run, "{\"mode\":\"background\",\"pr_authorship_mode\":\"user\"}");
        f.member().api().post(f.run(run) + "resume_in_cloud/", null).expectError(400, "github_authorization_required",
                null, "pr_authorship_mode");
        JsonNode unchanged = f.get(run);
        assertEquals("local", unchanged.get("environment").asText());
        assertEquals("completed", unchanged.get("status").asText());
        assertEquals(0, AGENTS.provisions(f.task()).size());

        long github = admin().post("/api/projects/" + f.member().project() + "/integrations/", Map.of("kind", "github",
                "sensitive_config", Map.of("access_token", "ghs_project"))).expect(201).json().get("id").asLong();
        JsonNode resumed = f.member().api().post(f.run(run) + "resume_in_cloud/", null).expect(200).json();
        assertEquals("bot", resumed.at("/state/pr_authorship_mode").asText());
        assertEquals(github, f.member().api().get(TASKS + f.task() + "/").expect(200).json().get("github_integration")
                .asLong());
        await("the sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        assertEquals("ghs_project", AGENTS.provisions(f.task()).get(0).at("/environment/GITHUB_TOKEN").asText());
    }

    @Test
    void r36_aUsageGateThatRefusesStopsEveryWayIntoTheCloudAndChangesNothing() throws Exception {
        Fixture f = newTask();
        String queued = newRun(f, Map.of("environment", "cloud"));
        String local = newRun(f, Map.of());
        f.member().api().patch(f.run(local), Map.of("status", "completed")).expect(200);
        AGENTS.usageFor(f.task(), new Answer(200, "{\"allowed\":false,\"message\":\"Monthly limit reached\","
                + "\"is_pro\":false,\"limit_type\":\"sustained\",\"reset_at\":\"2027-01-01T00:00:00Z\"}", 0));
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("type", "rate_limited");
        refused.put("code", "usage_limit_exceeded");
        refused.put("error", "Monthly limit reached");
        refused.put("is_pro", false);
        refused.put("limit_type", "sustained");
        refused.put("reset_at", "2027-01-01T00:00:00.000000+00:00");

        assertEquals(refused, JsonValues.map(f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(429)
                .json()), "R36");
        assertEquals(refused, JsonValues.map(f.member().api().post(f.runs(), Map.of("environment", "cloud"))
                .expect(429).json()));
        assertEquals(refused, JsonValues.map(f.member().api().post(f.run(queued) + "start/", Map.of()).expect(429)
                .json()));
        assertEquals(refused, JsonValues.map(f.member().api().post(f.run(local) + "resume_in_cloud/", null)
                .expect(429).json()));
        assertEquals(2, f.member().api().get(f.runs()).expect(200).json().get("results").size());
        assertEquals("queued", f.get(queued).get("status").asText());
        assertEquals("local", f.get(local).get("environment").asText());
        assertEquals("completed", f.get(local).get("status").asText());
        f.member().api().post(f.runs(), Map.of()).expect(201);
        assertEquals(List.of("CREATE", "RUN", "CREATE", "START", "RESUME"), AGENTS.usageChecks(f.task()).stream()
                .map(check -> check.get("action").asText()).toList(), "local runs are not gated");
        JsonNode start = AGENTS.usageChecks(f.task()).get(3);
        assertEquals(f.member().project(), start.get("project").asLong());
        assertEquals(f.member().id(), start.get("user").asLong());
        assertEquals(queued, start.get("run").asText());
        Thread.sleep(1500);
        assertEquals(0, AGENTS.provisions(f.task()).size(), "no sandbox was asked for");

        // A gate that fails allows.
        AGENTS.usageFor(f.task(), new Answer(500, "billing is down", 0));
        f.member().api().post(f.run(queued) + "start/", Map.of()).expect(200);
        await("the allowed run gets its sandbox", () -> f.get(queued).at("/state/sandbox_url").isTextual());
    }

    @Test
    void sandboxWatchdog_aSandboxPastItsLifetimeEndsItsRun() throws Exception {
        Fixture f = newTask();
        String run = f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(200).json()
                .at("/latest_run/id").asText();
        await("the sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        String young = newRun(f, Map.of("environment", "cloud"));
        Map<String, Object> state = JsonValues.map(f.get(run).get("state"));
        assertTrue(state.containsKey("sandbox_started_at"));
        state.put("sandbox_started_at", "2026-01-01T00:00:00.000000+00:00");
        setState(run, JsonValues.json(state));
        setState(young, "{\"mode\":\"background\",\"sandbox_id\":\"sb-young\",\"sandbox_started_at\":\""
                + Instant.now().minusSeconds(60) + "\"}");

        // The watchdog runs every minute; its next turn is brought forward rather than waited for.
        assertEquals(1, TestEnvironment.get().database().update(
                "update scheduled_tasks set execution_time = now() where task_name = 'sandbox-watchdog'"));
        await("the watchdog ends the run", () -> f.get(run).get("status").asText().equals("failed"));
        JsonNode ended = f.get(run);
        assertEquals("Sandbox lifetime exceeded", ended.get("error_message").asText());
        assertFalse(ended.get("completed_at").isNull());
        await("run.complete releases the sandbox", () -> AGENTS.destroyed().contains("sb-" + run));
        await("the sandbox keys leave the state", () -> !f.get(run).get("state").has("sandbox_url"));
        assertEquals("queued", f.get(young).get("status").asText(), "a sandbox within its lifetime is left alone");
    }

    @Test
    void modelGateway_aSandboxCallsTheModelThroughTheServiceWhichCountsItsTokens() throws Exception {
        ModelStub model = TestEnvironment.get().peers().model();
        Fixture f = newTask();
        String run = f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(200).json()
                .at("/latest_run/id").asText();
        await("the sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        JsonNode environment = AGENTS.provisions(f.task()).get(0).get("environment");
        String root = f.member().api().root().toString().replaceAll("/+$", "");
        assertEquals(root + "/api/llm", environment.get("LLM_GATEWAY_URL").asText());
        String messages = "/api/llm/posthog_code/v1/messages";
        Api sandbox = f.member().api().withKey(environment.get("POSTHOG_PERSONAL_API_KEY").asText())
                .withHeader("anthropic-version", "2023-06-01");
        Map<String, Object> hi = Map.of("role", "user", "content", "hi");

        int before = model.calls().size();
        model.script(ModelStub.Reply.text("Hello from the model"));
        ApiResponse streamed = sandbox.post(messages + "?beta=true", Map.of("model", "claude-sonnet-4-6",
                "stream", true, "max_tokens", 64, "messages", List.of(hi))).expect(200);
        assertTrue(streamed.header("content-type").startsWith("text/event-stream"), streamed.header("content-type"));
        assertEquals("req_stub", streamed.header("request-id"));
        assertEquals(String.join("", ModelStub.events("claude-sonnet-4-6", "Hello from the model".split(" "))),
                streamed.text(), "the provider's events, byte for byte");
        ModelStub.Call call = model.calls().get(before);
        assertEquals(ModelStub.BASE + "/v1/messages?beta=true", call.target());
        assertEquals(ModelStub.INSTALLATION_KEY, call.header("x-api-key"), "the installation's key, not the sandbox's");
        assertNull(call.header("authorization"));
        assertEquals("2023-06-01", call.header("anthropic-version"));
        assertEquals("hi", call.body().at("/messages/0/content").asText());

        JsonNode plain = sandbox.post(messages, Map.of("model", "claude-haiku-4-5", "max_tokens", 8,
                "messages", List.of(hi))).expect(200).json();
        assertEquals("Done.", plain.at("/content/0/text").asText());
        String overloaded = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        model.script(ModelStub.Reply.error(529, overloaded));
        assertEquals(overloaded, sandbox.post(messages, Map.of("model", "claude-sonnet-4-6", "max_tokens", 8,
                "messages", List.of(hi))).expect(529).text(), "the provider's refusal as it gave it");
        assertEquals("claude-sonnet-4-6", sandbox.get("/api/llm/posthog_code/v1/models").expect(200).json()
                .at("/data/0/id").asText());
        assertEquals(200, sandbox.send("HEAD", "/api/llm/posthog_code/api/hello", null, null).status());

        JsonNode usage = f.member().api().get(f.run(run) + "usage/").expect(200).json();
        assertEquals(run, usage.get("run_id").asText());
        assertEquals(3, usage.get("requests").asLong());
        assertEquals(2L * ModelStub.INPUT_TOKENS, usage.get("input_tokens").asLong());
        assertEquals(4 + 1, usage.get("output_tokens").asLong());
        assertEquals(2L * ModelStub.CACHE_READ_TOKENS, usage.get("cache_read_input_tokens").asLong());
        assertEquals(0, usage.get("cache_creation_input_tokens").asLong());
        assertEquals("claude-sonnet-4-6", usage.at("/models/0/model").asText());
        assertEquals(2, usage.at("/models/0/requests").asLong());
        assertEquals("claude-haiku-4-5", usage.at("/models/1/model").asText());
        assertEquals(ModelStub.INPUT_TOKENS, usage.at("/models/1/input_tokens").asLong());

        // Only the sandbox key of a live run may call; another product name is just a name.
        int calls = model.calls().size();
        f.member().api().post(messages, Map.of("model", "m", "messages", List.of(hi))).expectError(403,
                "permission_denied", "Only the key of a cloud run's sandbox may call the model gateway.", null);
        sandbox.post("/api/llm/" + "p".repeat(65) + "/v1/messages", Map.of()).expect(404);
        sandbox.get("/api/llm/posthog_code/v1/other").expect(404);
        sandbox.get("/api/llm/background_agents/v1/models").expect(200);
        TestEnvironment.get().database().update("update task_run set status = 'completed' where id = ?",
                UUID.fromString(run));
        sandbox.post(messages, Map.of("model", "m", "messages", List.of(hi))).expectError(403, "permission_denied",
                "The run this sandbox belongs to has ended.", null);
        assertEquals(calls + 1, model.calls().size(), "only the allowed listing reached the provider");
        fixtures().newMember().api().get(TASKS + f.task() + "/runs/" + run + "/usage/").expect(404);
    }

    @Test
    void b1_b2_b3_cancelStopsTheRunAndItsSandbox() throws Exception {
        Fixture f = newTask();
        String run = f.member().api().post(TASKS + f.task() + "/run/", Map.of()).expect(200).json()
                .at("/latest_run/id").asText();
        await("the sandbox is up", () -> f.get(run).at("/state/sandbox_url").isTextual());
        JsonNode cancelled = f.member().api().post(f.run(run) + "cancel/", Map.of("reason", "user stopped"))
                .expect(200).json();
        assertEquals("cancelled", cancelled.get("status").asText());
        assertFalse(cancelled.get("completed_at").isNull());
        assertEquals("user stopped", cancelled.get("error_message").asText());
        await("the sandbox is released", () -> !f.get(run).get("state").has("sandbox_url"));
        assertTrue(AGENTS.destroyed().contains("sb-" + run));
        try (SseClient stream = SseClient.open(f.member().api().root().resolve(f.run(run) + "stream/"),
                f.member().api().key(), Map.of())) {
            List<String> sequence = new ArrayList<>();
            for (List<String> frame : stream.untilClosed(10)) {
                String last = frame.get(frame.size() - 1);
                if (last.startsWith("data: {")) {
                    JsonNode payload = JsonValues.tree(last.substring("data: ".length()));
                    sequence.add(payload.has("run_id") ? "state:" + payload.get("status").asText()
                            : payload.has("notification") ? payload.at("/notification/method").asText()
                            : payload.has("type") ? payload.get("type").asText() : payload.path("status").asText());
                }
            }
            assertEquals("complete", sequence.get(sequence.size() - 1), "B1: the stream ends: " + sequence);
            assertTrue(sequence.indexOf("state:cancelled") >= 0
                    && sequence.indexOf("state:cancelled") < sequence.size() - 1, "B1: the state event first: " + sequence);
        }
        assertEquals("cancel", AGENTS.commands(run).get(0).body().get("method").asText(), "the agent hears first");

        JsonNode before = f.get(run);
        JsonNode again = f.member().api().post(f.run(run) + "cancel/", Map.of()).expect(200).json();
        assertEquals(before.get("updated_at"), again.get("updated_at"), "B2: unchanged");
        assertEquals("cancelled", again.get("status").asText());
        String done = newRun(f, Map.of());
        f.member().api().patch(f.run(done), Map.of("status", "completed")).expect(200);
        assertEquals(Map.of("error", "Only non-terminal runs can be cancelled (current status: completed)"),
                JsonValues.map(f.member().api().post(f.run(done) + "cancel/", Map.of()).expect(409).json()));
        f.member().api().post(f.run(done) + "cancel/", Map.of("reason", "x".repeat(501)))
                .expectError(400, "max_length", null, "reason");
        assertNull(f.get(done).get("error_message").textValue());
    }
}
