package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Durability under faults, with instances of its own: the server killed (SIGKILL) while clients
 * append, PostgreSQL restarted while the service serves requests and streams, and a start refused
 * for a weak secret. Starts Payara Micro processes and, for the restart, a PostgreSQL of its own.
 */
class FaultsIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final String ADMIN = "phx_faultsAdministratorKey000000000000000000000000";
    private static final String TASKS = "/api/projects/1/tasks/";

    private static String newRun(Api api) {
        String task = api.post(TASKS, Map.of("title", "faults")).expect(201).json().get("id").asText();
        return TASKS + task + "/runs/" + api.post(TASKS + task + "/runs/", Map.of()).expect(201).json()
                .get("id").asText() + "/";
    }

    private static String entry(String marker) {
        return "{\"type\":\"notification\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"notification\":{\"jsonrpc\":\"2.0\","
                + "\"method\":\"_posthog/console\",\"params\":{\"message\":\"" + marker + "\"}}}";
    }

    // --- kill -9 while 20 clients append

    @Test
    void everyAnsweredAppendSurvivesAKill() throws Exception {
        TestEnvironment.Database db = TestEnvironment.get().newDatabase("kill");
        List<String> options = List.of("-Dtasks.bootstrap.api.key=" + ADMIN);
        ServiceProcess first = ServiceProcess.start("kill-a", db, options).awaitReady(START);
        String run;
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> sent = new ConcurrentHashMap<>();
        AtomicInteger ok = new AtomicInteger();
        try {
            Api api = first.api(ADMIN);
            run = newRun(api);
            AtomicBoolean appending = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(20);
            for (int c = 0; c < 20; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int r = 0; appending.get(); r++) {
                        String request = "c" + client + "-r" + r;
                        List<String> markers = new ArrayList<>();
                        for (int e = 0; e <= r % 3; e++) {
                            markers.add(request + "-e" + e);
                        }
                        sent.put(request, markers);
                        String body = "{\"entries\":[" + String.join(",", markers.stream().map(FaultsIT::entry)
                                .toList()) + "]}";
                        try {
                            if (api.send("POST", run + "append_log/", body, "application/json").status() == 200) {
                                answered.addAll(markers);
                                ok.incrementAndGet();
                            }
                        } catch (UncheckedIOException | IllegalStateException killed) {
                            return;
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ok.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            first.kill();
            appending.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        } finally {
            first.close();
        }
        assertTrue(ok.get() >= 200, "appends answered before the kill: " + ok.get());
        System.out.println("FIGURE appends-answered-before-kill " + ok.get());

        try (ServiceProcess second = ServiceProcess.start("kill-b", db, options).awaitReady(START)) {
            String logs = second.api(ADMIN).get(run + "logs").expect(200).text();
            Set<String> stored = new HashSet<>();
            Pattern message = Pattern.compile("\"message\":\"(c\\d+-r\\d+-e\\d+)\"");
            for (String line : logs.split("\n")) {
                JsonNode entry = ApiResponse.JSON.readTree(line);
                assertEquals("notification", entry.get("type").asText(), "a whole entry: " + line);
                Matcher marker = message.matcher(line);
                assertTrue(marker.find(), line);
                assertTrue(stored.add(marker.group(1)), "stored once: " + marker.group(1));
            }
            Set<String> lost = new HashSet<>(answered);
            lost.removeAll(stored);
            assertEquals(Set.of(), lost, "answered 200, then lost");
            for (List<String> request : sent.values()) {
                long kept = request.stream().filter(stored::contains).count();
                assertTrue(kept == 0 || kept == request.size(), "half of an append: " + request);
            }
            List<Long> seqs = new ArrayList<>();
            try (Connection connection = db.connect();
                 PreparedStatement select = connection.prepareStatement(
                         "select seq from run_entry where run_id = ? order by seq")) {
                select.setObject(1, UUID.fromString(run.replaceAll(".*/runs/([^/]+)/$", "$1")));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seqs.add(rows.getLong(1));
                    }
                }
            }
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1, seqs.get(i), "seq without a gap");
            }
            System.out.println("FIGURE entries-after-kill " + stored.size() + " stored, " + answered.size()
                    + " answered, seq 1.." + seqs.size());
        }
    }

    // --- PostgreSQL restarted under requests and streams

    private static double metric(ServiceProcess instance, String name) {
        String text = instance.api(null).get("/metrics").expect(200).text();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        return value.find() ? Double.parseDouble(value.group(2)) : -1;
    }

    private static void awaitMetric(ServiceProcess instance, String name, double expected, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (metric(instance, name) != expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(expected, metric(instance, name), name);
    }

    @Test
    void aPostgresRestartCostsFastFailuresAndNothingMore() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            var db = new TestEnvironment.Database(postgres.jdbcUrl(), "postgres", "");
            try (ServiceProcess instance = ServiceProcess.start("pg-restart", db,
                    List.of("-Dtasks.bootstrap.api.key=" + ADMIN)).awaitReady(START)) {
                Api api = instance.api(ADMIN);
                String run = newRun(api);
                awaitMetric(instance, "tasks_stream_listener_connected", 1, Duration.ofSeconds(10));
                try (SseClient stream = SseClient.open(instance.root().resolve(run + "stream/?start=latest"), ADMIN,
                        Map.of())) {
                    assertEquals(StreamIT.KEEPALIVE, stream.next(5));
                    api.post(run + "append_log/", "{\"entries\":[" + entry("before") + "]}").expect(200);
                    assertTrue(String.join("\n", stream.next(5)).contains("before"));

                    postgres.stopServer();
                    long slowest = 0;
                    for (int i = 0; i < 5; i++) {
                        long started = System.nanoTime();
                        api.get(run).expectError(503, "service_unavailable",
                                "The database is unavailable; try again shortly.", null);
                        api.post(run + "append_log/", "{\"entries\":[" + entry("during") + "]}").expect(503);
                        slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
                    }
                    assertEquals(503, instance.api(null).get("/health/ready").status());
                    System.out.println("FIGURE slowest-request-pair-during-outage " + slowest + " ms");
                    assertTrue(slowest < 3_000, "failing took " + slowest + " ms");

                    postgres.startServer();
                    long back = System.nanoTime();
                    long answered = -1;
                    while (System.nanoTime() - back < Duration.ofSeconds(30).toNanos()) {
                        if (api.get(run).status() == 200) {
                            answered = (System.nanoTime() - back) / 1_000_000;
                            break;
                        }
                        Thread.sleep(100);
                    }
                    System.out.println("FIGURE answering-after-postgres-returns " + answered + " ms");
                    assertTrue(answered >= 0 && answered <= 10_000, "answered again after " + answered + " ms");
                    api.post(run + "append_log/", "{\"entries\":[" + entry("after") + "]}").expect(200);
                    List<String> frame = stream.next(10);
                    while (frame.getFirst().startsWith("event: ")) {
                        frame = stream.next(10);
                    }
                    assertTrue(String.join("\n", frame).contains("after"), "the open stream delivers: " + frame);
                    awaitMetric(instance, "tasks_stream_listener_connected", 1, Duration.ofSeconds(10));
                    System.out.println("FIGURE stream-delivers-after-postgres-returns "
                            + (System.nanoTime() - back) / 1_000_000 + " ms");
                }
                assertFalse(instance.output().contains("OutOfMemoryError"));
            }
        }
    }

    // --- wrong settings

    @Test
    void aShortSecretStopsTheStartWithAClearMessage() throws Exception {
        assertStartRefused("short-secret", List.of("-Dtasks.secret.key=too-short"),
                "The Tasks service cannot start: Setting tasks.secret.key (environment variable"
                        + " TASKS_SECRET_KEY): the value is 9 bytes long; it must be at least 32");
    }

    /** A new user's likely first mistake: a sandbox provider this installation does not have. */
    @Test
    void anUnknownSandboxProviderStopsTheStartNamingTheSettingAndTheChoices() throws Exception {
        String output = assertStartRefused("unknown-provider", List.of("-Dtasks.sandbox.provider=modal"),
                "The Tasks service cannot start: Setting tasks.sandbox.provider (environment variable"
                        + " TASKS_SANDBOX_PROVIDER): 'modal' is not a sandbox provider this installation has;"
                        + " use one of: none, local");
        // Nothing was started before the settings were read.
        assertFalse(output.contains("Starting scheduler"), "no jobs started");
        // Libraries logging through SLF4J reach the server's log (Flyway's and db-scheduler's do not
        // print "No SLF4J providers were found").
        assertFalse(output.contains("No SLF4J providers were found"), "SLF4J has a provider");
    }

    /** A JDBC resource name with nothing behind it stops the deployment of the persistence unit, on one line. */
    @Test
    void aJndiNameWithNoResourceStopsTheStartNamingTheSetting() throws Exception {
        assertStartRefused("missing-jndi", List.of("-Dtasks.db.jndi.name=jdbc/missing"),
                "The Tasks service cannot start: Setting tasks.db.jndi.name (environment variable TASKS_DB_JNDI_NAME):"
                        + " no JDBC resource is bound to 'jdbc/missing'");
    }

    /**
     * Starts an instance with a wrong setting; checks that its log says {@code expected} on one line
     * and that no API answers behind the refused start. Returns the instance's output.
     */
    private static String assertStartRefused(String name, List<String> options, String expected) throws Exception {
        TestEnvironment.Database db = TestEnvironment.get().newDatabase(name.replace('-', '_'));
        List<String> all = new ArrayList<>(options);
        all.add("-Dtasks.bootstrap.api.key=" + ADMIN);
        try (ServiceProcess instance = ServiceProcess.start(name, db, all)) {
            long deadline = System.nanoTime() + START.toNanos();
            while (!instance.output().contains(expected) && instance.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            String output = instance.output();
            assertTrue(output.lines().anyMatch(line -> line.contains(expected)), "the log says why, on one line: "
                    + output.lines().filter(line -> line.contains("cannot start")).toList());
            HttpClient client = HttpClient.newHttpClient();
            try {
                int status = client.send(HttpRequest.newBuilder(instance.root().resolve("/api/projects/1/tasks/"))
                        .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                assertTrue(status == 404 || status >= 500, "no API behind a refused start: " + status);
            } catch (IOException notListening) {
                // the instance stopped: no API either
            }
            return output;
        }
    }
}
