package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Cloud runs with a sandbox provider that provides (docs/cloud-runs.md#sandbox-providers,
 * docs/cloud-runs.md#starting-the-sandbox): the WAR the build produced plus {@link RecordingSandboxProvider},
 * registered with {@code ServiceLoader} and selected by name in the WAR's own configuration, as an installation would
 * add its provider.
 */
class SandboxProviderIT extends DeployedService {

    private static final String TASKS = "/api/projects/@current/tasks/";

    @Deployment(testable = false)
    public static WebArchive war() {
        WebArchive war = builtWarWith(Map.of("tasks.sandbox.provider", RecordingSandboxProvider.NAME));
        war.addClass(RecordingSandboxProvider.class);
        war.addAsResource(new StringAsset(RecordingSandboxProvider.class.getName() + "\n"),
                "META-INF/services/dev.tasks.domain.sandbox.SandboxProvider");
        return war;
    }

    private record Fixture(Member member, String task) {
        String runs() {
            return TASKS + task + "/runs/";
        }

        JsonNode start(Map<String, Object> body) {
            return member.api().post(TASKS + task + "/run/", body).expect(200).json().get("latest_run");
        }

        JsonNode run(String id) {
            return member.api().get(runs() + id + "/").expect(200).json();
        }
    }

    private Fixture newTask() {
        Member member = fixtures().newMember();
        return new Fixture(member, fixtures().newTask(member, Map.of("title", "sandboxed", "repository", "acme/web"))
                .get("id").asText());
    }

    private static JsonNode awaitSandbox(Fixture f, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = f.run(runId);
            if (run.at("/state/sandbox_id").isTextual()) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no sandbox within 30 s: " + f.run(runId));
    }

    @Test
    void t37_aStartedRunGetsItsSandboxWithWhatItAskedFor() throws Exception {
        Fixture f = newTask();
        String environment = RecordingSandboxProvider.ACCEPTED_ENVIRONMENT.toString();
        JsonNode created = f.start(Map.of("sandbox_environment_id", environment, "branch", "main",
                "runtime_adapter", "claude", "model", "claude-sonnet-4-6", "reasoning_effort", "high",
                "initial_permission_mode", "plan", "pending_user_message", "Fix the login bug"));
        assertEquals(environment, created.at("/state/sandbox_environment_id").asText());
        String runId = created.get("id").asText();

        JsonNode run = awaitSandbox(f, runId);
        assertEquals("sb-" + runId, run.at("/state/sandbox_id").asText());
        assertEquals("http://127.0.0.1:9/agent/" + runId, run.at("/state/sandbox_url").asText());
        assertEquals("project=" + f.member().project() + ";task=" + f.task() + ";repository=acme/web;branch=main"
                        + ";mode=background;adapter=claude;model=claude-sonnet-4-6;effort=high;permission=plan"
                        + ";message=Fix the login bug;artifacts=;resume=null;snapshot=null;environment=" + environment
                        + ";handoff=false",
                run.at("/state/sandbox_connect_token").asText(), "the request the provider was given");
        assertEquals("queued", run.get("status").asText(), "the agent itself reports in_progress");

        try (SseClient stream = SseClient.open(f.member().api().root().resolve(f.runs() + runId + "/stream/"),
                f.member().api().key(), Map.of())) {
            String ready = null;
            for (int i = 0; i < 6 && ready == null; i++) {
                List<String> frame = stream.next(10);
                String data = frame.get(frame.size() - 1);
                if (data.contains("_posthog/console")) {
                    ready = data;
                }
            }
            JsonNode console = ApiResponse.JSON.readTree(ready.substring("data: ".length()));
            assertEquals("info", console.at("/notification/params/level").asText());
            assertEquals("Sandbox ready", console.at("/notification/params/message").asText());
        }
    }

    @Test
    void aRefusedAttemptIsRetriedAndStagedArtifactsTravelWithTheRequest() throws Exception {
        Fixture f = newTask();
        String id = UUID.randomUUID().toString().replace("-", "");
        String path = "tasks/artifacts/team_" + f.member().project() + "/task_" + f.task() + "/staged/" + id + "/a.md";
        S3Objects.put(path, "# a".getBytes(StandardCharsets.UTF_8), "text/markdown");
        f.member().api().post(TASKS + f.task() + "/staged_artifacts/finalize_upload/", Map.of("artifacts", List.of(
                Map.of("id", id, "name", "a.md", "type", "user_attachment", "storage_path", path)))).expect(200);
        String previous = f.member().api().post(f.runs(), Map.of("environment", "cloud")).expect(201).json()
                .get("id").asText();

        String runId = f.start(Map.of("pending_user_message", RecordingSandboxProvider.FAIL_ONCE,
                "pending_user_artifact_ids", List.of(id), "resume_from_run_id", previous)).get("id").asText();
        JsonNode run = awaitSandbox(f, runId);
        String request = run.at("/state/sandbox_connect_token").asText();
        assertEquals(true, request.contains(";artifacts=" + id + ";"), request);
        assertEquals(true, request.contains(";resume=" + previous + ";"), request);
        assertEquals("queued", run.get("status").asText(), "the second attempt succeeded");
        assertFalse(run.get("error_message").isTextual());
    }

    @Test
    void postRunsAcceptsAnEnvironmentTheProviderAccepts() {
        Fixture f = newTask();
        String environment = RecordingSandboxProvider.ACCEPTED_ENVIRONMENT.toString();
        JsonNode run = f.member().api().post(f.runs(), Map.of("environment", "cloud", "sandbox_environment_id",
                environment)).expect(201).json();
        assertEquals(environment, run.at("/state/sandbox_environment_id").asText());
        assertEquals(Map.of("detail", "Invalid sandbox_environment_id"), JsonValues.map(f.member().api().post(f.runs(),
                Map.of("environment", "cloud", "sandbox_environment_id", UUID.randomUUID().toString()))
                .expect(400).json()));
    }

    @Test
    void k15_withoutASettingTheServiceWaitsMinutesForAnAgent() {
        Fixture f = newTask();
        String run = f.member().api().post(f.runs(), Map.of("environment", "cloud")).expect(201).json().get("id")
                .asText();
        AgentStub agents = TestEnvironment.get().agents();
        assertEquals(1, TestEnvironment.get().database().update("update task_run set state = ? where id = ?",
                "{\"sandbox_id\":\"sb-slow\",\"sandbox_url\":\"" + agents.agentUrl(run) + "\"}",
                UUID.fromString(run)));
        agents.trust(f.member().api().get(TASKS + "sandbox_public_key/").expect(200).json()
                .at("/keys/0/public_key").asText());
        // Longer than the 3 s CloudAgentIT gives agents: the default (600 s, docs/cloud-runs.md#outcomes-and-timeouts)
        // is not that short.
        agents.program(run, new AgentStub.Answer(200, "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}", 5_000));
        long started = System.nanoTime();
        f.member().api().post(f.runs() + run + "/command/", Map.of("jsonrpc", "2.0", "method", "cancel", "id", 0))
                .expect(200);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 5_000);
    }
}
