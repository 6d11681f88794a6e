package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one database (docs/logs-and-stream.md#several-instances):
 * a stream served by one instance delivers entries appended through the other, and a rotated
 * connection resumes exactly after its last entry. Starts Payara Micro processes of its own.
 */
class InstancesIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final String ADMIN = "phx_instancesAdministratorKey00000000000000000000";

    private static TestEnvironment.Database db;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        db = TestEnvironment.get().newDatabase("instances");
        List<String> options = List.of("-Dtasks.bootstrap.api.key=" + ADMIN, "-Dtasks.stream.max.connection.seconds=3",
                "-Dtasks.log.retention.interval.seconds=2");
        a = ServiceProcess.start("stream-a", db, options);
        b = ServiceProcess.start("stream-b", db, options);
        a.awaitReady(START);
        b.awaitReady(START);
    }

    @AfterAll
    static void stopInstances() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static String newRun(Api api) {
        String task = api.post("/api/projects/1/tasks/", Map.of("title", "two instances")).expect(201)
                .json().get("id").asText();
        String runs = "/api/projects/1/tasks/" + task + "/runs/";
        return runs + api.post(runs, Map.of()).expect(201).json().get("id").asText() + "/";
    }

    @Test
    void l31_l32_streamsAcrossInstancesAndRotation() throws Exception {
        Api onA = a.api(ADMIN);
        Api onB = b.api(ADMIN);
        String run = newRun(onA);
        onB.patch(run, Map.of("status", "in_progress")).expect(200);

        List<String> delivered = new ArrayList<>();
        long lastId;
        try (SseClient stream = SseClient.open(a.api(ADMIN).root().resolve(run + "stream/?start=latest"), ADMIN,
                Map.of())) {
            assertEquals(StreamIT.KEEPALIVE, stream.next(5));
            for (int i = 0; i < 3; i++) {
                String entry = LogsIT.entry("10:00:0" + i, "_posthog/console", null);
                long appended = System.nanoTime();
                onB.send("POST", run + "append_log/", LogsIT.body(entry), "application/json").expect(200);
                List<String> frame = stream.next(5);
                long millis = (System.nanoTime() - appended) / 1_000_000;
                assertTrue(millis <= 1_500, "appended on B, delivered by A after " + millis + " ms");
                assertEquals("data: " + entry, frame.get(1));
                delivered.add(entry);
            }
            // The connection is 3 s old soon: it rotates, with nothing after the end frame.
            List<List<String>> rest = stream.untilClosed(10);
            assertEquals(List.of("event: end", "data: {\"type\": \"rotated\"}"), rest.get(rest.size() - 1));
            assertFalse(rest.stream().anyMatch(frame -> frame.get(0).equals("event: error")));
            lastId = 5;
        }
        String later = LogsIT.entry("10:00:09", "_posthog/console", null);
        onB.send("POST", run + "append_log/", LogsIT.body(later), "application/json").expect(200);
        onB.patch(run, Map.of("status", "completed")).expect(200);
        try (SseClient again = SseClient.open(a.api(ADMIN).root().resolve(run + "stream/"), ADMIN,
                Map.of("Last-Event-ID", String.valueOf(lastId)))) {
            List<List<String>> frames = again.untilClosed(10);
            assertEquals(StreamIT.KEEPALIVE, frames.get(0));
            assertEquals(List.of("id: 6", "data: " + later), frames.get(1));
            assertEquals("id: 7", frames.get(2).get(0));
            assertEquals(StreamIT.STREAM_END, frames.get(3));
            assertEquals(4, frames.size(), "every entry exactly once");
        }
        assertEquals(3, delivered.size());
    }

    @Test
    void l34_retentionDeletesOldEntriesOnly() throws Exception {
        Api api = a.api(ADMIN);
        String run = newRun(api);
        String runId = run.split("/")[7];
        String old = LogsIT.entry("10:00:00", "_posthog/console", null);
        String recent = LogsIT.entry("10:00:01", "_posthog/console", null);
        api.send("POST", run + "append_log/", LogsIT.body(old, recent), "application/json").expect(200);
        try (Connection connection = db.connect();
             PreparedStatement age = connection.prepareStatement(
                     "update run_entry set created_at = ? where run_id = ? and seq = ?")) {
            age.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusDays(31));
            age.setObject(2, UUID.fromString(runId));
            age.setLong(3, 2);
            age.executeUpdate();
            age.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
            age.setLong(3, 3);
            age.executeUpdate();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String logs = api.get(run + "logs").expect(200).text();
        while (logs.contains(old) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            logs = api.get(run + "logs").expect(200).text();
        }
        assertEquals(recent + "\n", logs, "the 31-day-old entry is gone, the 1-day-old one stays");
        api.send("POST", run + "append_log/", LogsIT.body(old), "application/json").expect(200);
        ApiResponse page = api.get(run + "session_logs/").expect(200);
        assertEquals("4", page.header("X-Next-Cursor"), "numbers are never reused");
    }

    /**
     * Keys, users and memberships are cached on each instance, coherently: a key deleted through A,
     * and a membership removed through A, stop working on B within one second while B is busy
     * serving them (the cache's bound; the notification usually makes it milliseconds).
     */
    @Test
    void identityChangesThroughOneInstanceReachTheOtherWithinOneSecondUnderLoad() throws Exception {
        Fixtures onA = new Fixtures(a.api(ADMIN));
        Fixtures.Member member = onA.newMember();
        String tasks = "/api/projects/" + member.project() + "/tasks/?limit=1";
        JsonNode revoked = member.api().post("/api/personal_api_keys/", Map.of("label", "revoked", "scopes",
                List.of("*"))).expect(201).json();

        List<Sample> keyLoad = underLoad(b.api(revoked.get("value").asText()), tasks,
                () -> member.api().delete("/api/personal_api_keys/" + revoked.get("id").asText() + "/").expect(204));
        assertRefusedWithinOneSecond(keyLoad, 403, "deleted key");

        List<Sample> membershipLoad = underLoad(b.api(member.api().key()), tasks, () -> onA.admin()
                .delete("/api/projects/" + member.project() + "/members/" + member.id() + "/").expect(204));
        assertRefusedWithinOneSecond(membershipLoad, 404, "removed membership");
    }

    /** A request's sending time (relative to the change, in ms) and its answer's status. */
    private record Sample(double sentAfterChangeMillis, int status) {
    }

    /**
     * Four clients call {@code path} on B until at least 70 calls are done (1.5 s at least), then
     * {@code change} is made, and they go on until 2.5 s have passed and at least 60 calls were sent
     * later than 1 s after it (each phase bounded at 20 s: a slow machine gets more time, not a
     * thinner sample); returns every call.
     */
    private static List<Sample> underLoad(Api api, String path, Runnable change) throws Exception {
        List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    long sentAt = System.nanoTime();
                    calls.add(new long[] {sentAt, api.get(path).status()});
                }
            }));
        }
        long started = System.nanoTime();
        awaitCalls(calls, started, Duration.ofMillis(1500), started, 70);
        change.run();
        long changedAt = System.nanoTime();
        awaitCalls(calls, changedAt, Duration.ofMillis(2500), changedAt + Duration.ofSeconds(1).toNanos(), 60);
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        return calls.stream().map(call -> new Sample((call[0] - changedAt) / 1e6, (int) call[1])).toList();
    }

    /** Waits until {@code least} has passed since {@code from} and {@code count} calls were sent after {@code after}. */
    private static void awaitCalls(List<long[]> calls, long from, Duration least, long after, int count)
            throws InterruptedException {
        long deadline = from + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && (System.nanoTime() - from < least.toNanos()
                || sentAfter(calls, after) < count)) {
            Thread.sleep(50);
        }
    }

    private static long sentAfter(List<long[]> calls, long after) {
        synchronized (calls) {
            return calls.stream().filter(call -> call[0] >= after).count();
        }
    }

    private static void assertRefusedWithinOneSecond(List<Sample> samples, int refusal, String what) {
        long before = samples.stream().filter(sample -> sample.sentAfterChangeMillis() < -100).count();
        assertTrue(before >= 50, "under load before the change: " + before + " calls");
        assertTrue(samples.stream().filter(sample -> sample.sentAfterChangeMillis() < -100)
                .allMatch(sample -> sample.status() == 200), what + ": served before the change");
        double lastServed = samples.stream().filter(sample -> sample.status() == 200)
                .mapToDouble(Sample::sentAfterChangeMillis).max().orElseThrow();
        List<Sample> late = samples.stream().filter(sample -> sample.sentAfterChangeMillis() >= 1000).toList();
        assertTrue(late.size() >= 50, "under load after the change: " + late.size() + " calls");
        assertTrue(late.stream().allMatch(sample -> sample.status() == refusal), what + ": served "
                + late.stream().filter(sample -> sample.status() != refusal).count() + " times later than 1 s after");
        assertTrue(lastServed < 500, what + ": last served " + lastServed + " ms after the change; the notification,"
                + " not the cache's one-second bound, should have ended it");
        System.out.printf("FIGURE identity-coherence %s: last served %.1f ms after the change, %d calls%n", what,
                lastServed, samples.size());
    }

    @Test
    void k5_instancesStartingTogetherOnAFreshDatabaseSignWithOneGeneratedKey() {
        JsonNode onA = a.api(ADMIN).get("/api/projects/1/tasks/sandbox_public_key/").expect(200).json();
        JsonNode onB = b.api(ADMIN).get("/api/projects/1/tasks/sandbox_public_key/").expect(200).json();
        assertEquals(1, onA.get("keys").size());
        assertEquals(onA.at("/keys/0/kid"), onB.at("/keys/0/kid"));
        String run = newRun(a.api(ADMIN));
        String token = a.api(ADMIN).get(run + "connection_token/").expect(200).json().get("token").asText();
        assertEquals(onA.at("/keys/0/kid").asText(), AgentStub.verify(token, onB.at("/keys/0/public_key").asText())
                .get("kid"), "a token of A verifies with the key B publishes");
    }

    @Test
    void k38_jobsEnqueuedOnEitherInstanceRunOnceAcrossBoth() throws Exception {
        Api onA = a.api(ADMIN);
        Api onB = b.api(ADMIN);
        String channel = "C" + UUID.randomUUID().toString().substring(0, 8);
        long slack = onA.post("/api/projects/1/integrations/", Map.of("kind", "slack",
                "sensitive_config", Map.of("access_token", "xoxb-instances"))).expect(201).json().get("id").asLong();
        String run = newRun(onA);
        String task = run.substring("/api/projects/1/tasks/".length(), run.indexOf("/runs/"));
        onA.post("/api/projects/1/tasks/" + task + "/slack_threads/", Map.of("integration", slack, "channel", channel,
                "thread_ts", "1.2")).expect(201);
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? onA : onB).post(run + "relay_message/", Map.of("text", "relay " + i)).expect(200);
        }
        PeerStub peers = TestEnvironment.get().peers();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<PeerStub.Request> posted = List.of();
        while (System.nanoTime() < deadline) {
            posted = peers.requests(PeerStub.SLACK_BASE + "chat.postMessage").stream()
                    .filter(request -> request.body().contains(channel)).toList();
            if (posted.size() >= 10) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        posted = peers.requests(PeerStub.SLACK_BASE + "chat.postMessage").stream()
                .filter(request -> request.body().contains(channel)).toList();
        List<String> texts = posted.stream().map(request -> request.body().replaceAll(".*text=([^&]*).*", "$1"))
                .toList();
        assertEquals(List.of("relay+0", "relay+1", "relay+2", "relay+3", "relay+4", "relay+5", "relay+6", "relay+7",
                "relay+8", "relay+9"), texts, "each relay posted once, in the order relayed");
    }
}
