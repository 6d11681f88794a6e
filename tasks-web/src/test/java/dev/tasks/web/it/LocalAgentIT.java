package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Cloud runs on the {@code local} provider with PostHog's real agent server (npm
 * {@code @posthog/agent}, installed into a cache kept between test runs), inside bubblewrap: a local
 * bare repository is the clone source and {@link ModelStub} is the model behind the service's gateway.
 * At most one sandbox at once here.
 */
class LocalAgentIT extends DeployedService {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final Path GIT = TestEnvironment.get().workDir().resolve("git");
    private static final Path AGENT_CACHE = Path.of(System.getProperty("user.home"), ".cache", "tasks-service",
            "agent");
    /** A cold cache installs the agent first (about a minute), then the agent starts. */
    private static final Duration START = Duration.ofMinutes(5);

    @Deployment(testable = false)
    public static WebArchive war() {
        bareRepository();
        return builtWarWith(Map.of("tasks.sandbox.provider", "local", "tasks.agent.dir", AGENT_CACHE.toString(),
                "tasks.sandbox.git.base.url", GIT.toUri().toString(), "tasks.sandbox.local.max", "1"));
    }

    /** {@code acme/web}: one commit on {@code main} with a README. */
    private static void bareRepository() {
        try {
            Path source = GIT.resolve("source");
            if (Files.exists(GIT.resolve("acme/web.git"))) {
                return;
            }
            Files.createDirectories(source);
            Files.writeString(source.resolve("README.md"), "# web\n\nThe acme web app.\n");
            git(source, "init", "-q", "-b", "main");
            git(source, "add", "README.md");
            git(source, "-c", "user.name=Tests", "-c", "user.email=tests@example.com", "commit", "-q", "-m", "first");
            git(GIT, "clone", "-q", "--bare", source.toString(), GIT.resolve("acme/web.git").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void git(Path dir, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        try {
            Process git = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", arguments) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "\n" + agentLogs());
            }
            Thread.sleep(500);
        }
    }

    /** The agents' own logs, for a failure's message. */
    private static String agentLogs() {
        Path sandboxLogs = TestEnvironment.get().dataDir().resolve("sandbox-logs");
        StringBuilder logs = new StringBuilder();
        try (var files = Files.list(sandboxLogs)) {
            for (Path log : files.toList()) {
                String text = Files.readString(log, StandardCharsets.UTF_8);
                logs.append("--- ").append(log.getFileName()).append('\n')
                        .append(text, Math.max(0, text.length() - 6000), text.length());
            }
        } catch (IOException e) {
            logs.append("(no sandboxes: ").append(e.getMessage()).append(')');
        }
        return logs.toString();
    }

    private record Fixture(Member member, String task) {
        String run(String id) {
            return TASKS + task + "/runs/" + id + "/";
        }

        JsonNode get(String runId) {
            return member.api().get(run(runId)).expect(200).json();
        }

        String start(Map<String, Object> body) {
            return member.api().post(TASKS + task + "/run/", body).expect(200).json().at("/latest_run/id").asText();
        }
    }

    /** The run once its sandbox is up (the test fails, with the agents' logs, if its start failed). */
    private static JsonNode awaitSandbox(Fixture f, String run) throws InterruptedException {
        await(START, "the sandbox of run " + run + " is up", () -> f.get(run).at("/state/sandbox_url").isTextual()
                || f.get(run).get("status").asText().equals("failed"));
        JsonNode running = f.get(run);
        assertTrue(running.at("/state/sandbox_url").isTextual(), () -> running + "\n" + agentLogs());
        return running;
    }

    private Fixture newTask() {
        Member member = fixtures().newMember();
        return new Fixture(member, fixtures().newTask(member, Map.of("title", "say hello", "repository", "acme/web"))
                .get("id").asText());
    }

    private static Path sandboxDir(JsonNode run) {
        return TestEnvironment.get().dataDir().resolve("sandboxes").resolve(run.at("/state/sandbox_id").asText());
    }

    /** The agent's process, from the pid file the provider keeps outside the sandbox. */
    private static long pid(Path sandboxDir) throws IOException {
        Path pidFile = TestEnvironment.get().dataDir().resolve("sandbox-logs").resolve(sandboxDir.getFileName() + ".pid");
        return Long.parseLong(Files.readString(pidFile).strip().split(" ")[0]);
    }

    /** A variable of the environment a process was started with (read from {@code /proc}). */
    private static String environmentOf(long pid, String name) throws IOException {
        for (String entry : Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.UTF_8)
                .split("\u0000")) {
            if (entry.startsWith(name + "=")) {
                return entry.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " is not in the environment of " + pid);
    }

    private static long usage(Fixture f, String run, String field) {
        return f.member().api().get(f.run(run) + "usage/").expect(200).json().get(field).asLong();
    }

    @Test
    void theRealAgentWorksACloudRunThroughTheApiAndStopsWhenCancelled() throws Exception {
        ModelStub model = TestEnvironment.get().peers().model();
        Fixture f = newTask();
        String run = f.start(Map.of("pending_user_message", "Say hello"));
        // The run's Slack thread, where the agent's relayed answers go.
        long slack = admin().post("/api/projects/" + f.member().project() + "/integrations/", Map.of("kind", "slack",
                "sensitive_config", Map.of("access_token", "xoxb-local"))).expect(201).json().get("id").asLong();
        String channel = "C" + run.substring(0, 8);
        f.member().api().post(TASKS + f.task() + "/slack_threads/", Map.of("integration", slack, "channel", channel,
                "thread_ts", "1234.5678", "task_run", run)).expect(201);
        await(START, "the agent reports the run in progress in its sandbox", () -> {
            JsonNode now = f.get(run);
            return now.get("status").asText().equals("failed") || ("in_progress".equals(now.get("status").asText())
                    && now.at("/state/sandbox_id").isTextual());
        });
        JsonNode working = f.get(run);
        assertEquals("in_progress", working.get("status").asText(), () -> working + "\n" + agentLogs());
        Path dir = sandboxDir(working);
        assertTrue(Files.readString(dir.resolve("workspace/README.md")).contains("acme web app"), "the clone");

        await(Duration.ofMinutes(2), "the model is asked through the gateway", () -> usage(f, run, "requests") > 0);
        assertTrue(usage(f, run, "input_tokens") > 0);
        assertTrue(model.calls().stream().anyMatch(call -> ModelStub.INSTALLATION_KEY.equals(call.header("x-api-key"))));
        await(Duration.ofMinutes(2), "the agent relays its answer into the run's Slack thread", () ->
                TestEnvironment.get().peers().requests(PeerStub.SLACK_BASE + "chat.postMessage").stream()
                        .anyMatch(request -> request.body().contains("channel=" + channel)));
        await(Duration.ofMinutes(1), "the agent's entries are in the log", () -> !f.member().api()
                .get(f.run(run) + "logs").expect(200).text().isBlank());
        try (SseClient stream = SseClient.open(f.member().api().root().resolve(f.run(run) + "stream/"),
                f.member().api().key(), Map.of())) {
            assertEquals(200, stream.status());
            List<String> frame = stream.next(10);
            assertTrue(frame.get(frame.size() - 1).startsWith("data: {"), frame.toString());
        }

        // A follow-up message reaches the agent, which asks the model again.
        long asked = usage(f, run, "requests");
        f.member().api().post(f.run(run) + "command/", Map.of("jsonrpc", "2.0", "method", "user_message",
                "params", Map.of("content", "And goodbye"))).expect(200);
        await(Duration.ofMinutes(2), "the agent takes the message to the model", () -> usage(f, run, "requests") > asked);

        // A connection token opens the agent's own command route.
        String token = f.member().api().get(f.run(run) + "connection_token/").expect(200).json().get("token").asText();
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(f.get(run).at("/state/sandbox_url").asText() + "/command"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"cancel\",\"id\":1}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, direct.statusCode(), direct.body());

        long pid = pid(dir);
        String sandboxKey = environmentOf(pid, "POSTHOG_PERSONAL_API_KEY");
        f.member().api().withKey(sandboxKey).get("/api/users/@me/").expect(200);
        f.member().api().post(f.run(run) + "cancel/", Map.of()).expect(200);
        await(Duration.ofSeconds(60), "the agent's process is gone", () -> ProcessHandle.of(pid)
                .map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);
        await(Duration.ofSeconds(30), "the workspace is removed", () -> !Files.exists(dir));
        // run.complete revokes the key in its own transaction, just after the sandbox is destroyed.
        await(Duration.ofSeconds(10), "the sandbox key is revoked", () -> f.member().api().withKey(sandboxKey)
                .get("/api/users/@me/").status() == 403);
        f.member().api().withKey(sandboxKey).get("/api/users/@me/").expect(403);
        assertFalse(f.get(run).get("state").has("sandbox_url"));
    }

    /**
     * The watchdog fails a run whose local sandbox this instance no longer runs, with {@code Sandbox
     * lost}: one whose agent died, and one whose sandbox the instance had before it started again (its
     * id carries this instance's prefix, but no process of this instance is behind it).
     */
    @Test
    void runsWhoseLocalSandboxIsGoneFailWithSandboxLost() throws Exception {
        Fixture f = newTask();
        String crashed = f.start(Map.of());
        JsonNode running = awaitSandbox(f, crashed);
        String sandboxId = running.at("/state/sandbox_id").asText();
        String fromBeforeARestart = sandboxId.substring(0, sandboxId.lastIndexOf('-') + 1) + "0123456789abcdef";
        String orphan = f.member().api().post(TASKS + f.task() + "/runs/", Map.of("environment", "cloud"))
                .expect(201).json().get("id").asText();
        assertEquals(1, TestEnvironment.get().database().update("update task_run set state = ? where id = ?",
                "{\"mode\":\"background\",\"sandbox_id\":\"" + fromBeforeARestart + "\"}", UUID.fromString(orphan)));
        long pid = pid(sandboxDir(running));
        // The agent dies (and with it the sandbox's process tree).
        ProcessHandle.of(pid).ifPresent(sandbox -> {
            sandbox.descendants().forEach(ProcessHandle::destroyForcibly);
            sandbox.destroyForcibly();
        });
        await(Duration.ofSeconds(30), "the agent is dead", () -> ProcessHandle.of(pid)
                .map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);

        // The watchdog runs every minute; its next turn is brought forward rather than waited for.
        assertEquals(1, TestEnvironment.get().database().update(
                "update scheduled_tasks set execution_time = now() where task_name = 'sandbox-watchdog'"));
        for (String run : List.of(crashed, orphan)) {
            await(Duration.ofSeconds(60), "the watchdog ends run " + run, () -> f.get(run).get("status").asText()
                    .equals("failed"));
            assertEquals("Sandbox lost", f.get(run).get("error_message").asText());
        }
        await(Duration.ofSeconds(60), "the dead sandbox's workspace is removed", () -> !Files.exists(
                sandboxDir(running)));
    }

    @Test
    void aStartBeyondTheCapWaitsForAPlaceInsteadOfFailing() throws Exception {
        Fixture f = newTask();
        String first = f.start(Map.of());
        JsonNode running = awaitSandbox(f, first);
        String second = f.start(Map.of());
        // Three start attempts' worth of time: a start beyond the cap waits its turn, it does not fail.
        Thread.sleep(20_000);
        JsonNode waiting = f.get(second);
        assertEquals("queued", waiting.get("status").asText(), () -> waiting.toString());
        assertFalse(waiting.get("state").has("sandbox_id"));
        assertTrue(f.get(first).at("/state/sandbox_url").isTextual(), "the first one still runs");

        Path dir = sandboxDir(running);
        f.member().api().post(f.run(first) + "cancel/", Map.of()).expect(200);
        await(Duration.ofSeconds(60), "the first sandbox is removed", () -> !Files.exists(dir));
        await(START, "the waiting start gets the freed place", () -> f.get(second).at("/state/sandbox_url").isTextual());
        Path secondDir = sandboxDir(f.get(second));
        f.member().api().post(f.run(second) + "cancel/", Map.of()).expect(200);
        await(Duration.ofSeconds(60), "the second sandbox is removed", () -> !Files.exists(secondDir));
    }
}
