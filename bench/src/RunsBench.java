import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/runs-benchmarks (issue 3): append latency, append throughput against
 * a raw JDBC batch, logs/ of a resume chain, and SSE fan-out. Loopback only, bounded in count and
 * time. Usage: java RunsBench.java <base url> <api key> <project id> <measure> [options]
 */
public final class RunsBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private final String base;
    private final String key;
    private final String project;

    private RunsBench(String base, String key, String project) {
        this.base = base;
        this.key = key;
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        RunsBench bench = new RunsBench(args[0], args[1], args[2]);
        switch (args[3]) {
            case "append-latency" -> bench.appendLatency(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "append-targets" -> bench.appendTargets(Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6]);
            case "append-raw" -> bench.appendRaw(args[4], args[5], args[6], Integer.parseInt(args[7]),
                    Integer.parseInt(args[8]), Integer.parseInt(args[9]));
            case "logs-chain" -> bench.logsChain(Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6]);
            case "sse-fanout" -> bench.sseFanout(Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6]);
            default -> throw new IllegalArgumentException("unknown measure " + args[3]);
        }
    }

    // --- HTTP

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        return response;
    }

    private static String id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return matcher.group(1);
    }

    private String newTask() throws Exception {
        return id(send("POST", "/api/projects/" + project + "/tasks/", "{\"title\":\"bench\"}").body());
    }

    private String newRun(String task, String resumeFrom) throws Exception {
        String body = resumeFrom == null ? "{}" : "{\"state\":{\"resume_from_run_id\":\"" + resumeFrom + "\"}}";
        return id(send("POST", runs(task), body).body());
    }

    private String runs(String task) {
        return "/api/projects/" + project + "/tasks/" + task + "/runs/";
    }

    /** A realistic agent notification of about 230 bytes. */
    static String entry(long marker) {
        return "{\"type\":\"notification\",\"timestamp\":\"2026-01-01T10:00:00.000Z\",\"notification\":{\"jsonrpc\":"
                + "\"2.0\",\"method\":\"session/update\",\"params\":{\"sessionId\":\"bench\",\"update\":{\"sessionUpdate\":"
                + "\"tool_call\",\"title\":\"Read src/main/java/App.java\",\"marker\":" + marker + "}}}}";
    }

    static String entries(int count, long marker) {
        StringBuilder body = new StringBuilder(count * 240).append("{\"entries\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(entry(marker));
        }
        return body.append("]}").toString();
    }

    private void append(String task, String run, String body) throws Exception {
        send("POST", runs(task) + run + "/append_log/", body);
    }

    private void seed(String task, String run, int total) throws Exception {
        for (int done = 0; done < total; done += 1000) {
            append(task, run, entries(Math.min(1000, total - done), done));
        }
    }

    static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    // --- measures

    /** p50/p99 of a 50-entry append to an empty run and to one holding {@code seeded} entries, interleaved. */
    private void appendLatency(int seeded, int samples) throws Exception {
        String task = newTask();
        String empty = newRun(task, null);
        String full = newRun(task, null);
        seed(task, full, seeded);
        String body = entries(50, 1);
        for (int i = 0; i < 50; i++) {
            append(task, empty, body);
            append(task, full, body);
        }
        List<Long> small = new ArrayList<>();
        List<Long> large = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            append(task, empty, body);
            small.add(System.nanoTime() - started);
            started = System.nanoTime();
            append(task, full, body);
            large.add(System.nanoTime() - started);
        }
        Collections.sort(small);
        Collections.sort(large);
        System.out.printf("append-latency: 50-entry append_log/, %d samples each, interleaved%n", samples);
        System.out.printf("  run holding ~0 entries:       p50 %s, p99 %s%n", millis(percentile(small, 0.5)),
                millis(percentile(small, 0.99)));
        System.out.printf("  run holding %,d entries: p50 %s, p99 %s%n", seeded, millis(percentile(large, 0.5)),
                millis(percentile(large, 0.99)));
        System.out.printf("  ratio (full/empty): p50 %.2f, p99 %.2f%n",
                percentile(large, 0.5) / (double) percentile(small, 0.5),
                percentile(large, 0.99) / (double) percentile(small, 0.99));
    }

    /** Entries per second through append_log/ (8 clients, 100-entry requests), then a raw JDBC batch. */
    /**
     * The targets of the throughput measure's HTTP side (wrk, bench/lib/append.lua): a task with
     * {@code clients} runs, one per wrk connection; prints the runs' paths, one per line, and writes
     * the body of a {@code size}-entry append to {@code bodyFile}.
     */
    private void appendTargets(int clients, int size, String bodyFile) throws Exception {
        String task = newTask();
        Files.writeString(Path.of(bodyFile), entries(size, 7));
        for (int i = 0; i < clients; i++) {
            System.out.println("/api/projects/" + project + "/tasks/" + task + "/runs/" + newRun(task, null) + "/");
        }
    }

    /**
     * The raw side of the throughput measure: {@code clients} connections, each inserting batches of
     * {@code size} rows into {@code run_entry} (one transaction per batch) for {@code seconds}; prints
     * entries/s.
     */
    private void appendRaw(String jdbcUrl, String user, String password, int clients, int seconds, int size)
            throws Exception {
        String rawRun = newRun(newTask(), null);
        // Above the numbers the service gave the run's own events.
        AtomicLong nextSeq = new AtomicLong(1_000_000);
        String row = entry(7);
        Connection[] connections = new Connection[clients];
        for (int i = 0; i < clients; i++) {
            connections[i] = DriverManager.getConnection(jdbcUrl, user, password);
            connections[i].setAutoCommit(false);
        }
        try {
            double raw = measure(clients, seconds, client -> {
                Connection connection = connections[client];
                long first = nextSeq.getAndAdd(size);
                try (PreparedStatement insert = connection.prepareStatement("insert into run_entry (run_id, seq, kind, "
                        + "body, event_type, entry_ts, created_at) values (?, ?, 'log', ?, 'tool_call', ?, ?)")) {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    for (int i = 0; i < size; i++) {
                        insert.setObject(1, UUID.fromString(rawRun));
                        insert.setLong(2, first + i);
                        insert.setString(3, row);
                        insert.setObject(4, now);
                        insert.setObject(5, now);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return size;
            });
            System.out.printf("%.0f%n", raw);
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    interface Work {
        int run(int client) throws Exception;
    }

    private static double measure(int clients, int seconds, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    done.addAndGet(work.run(client));
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    /** MB/s of logs/ over a chain of {@code runs} runs holding {@code total} entries; reports to {@code marker}. */
    private void logsChain(int runs, int total, String readyFile) throws Exception {
        String task = newTask();
        String previous = null;
        for (int i = 0; i < runs; i++) {
            String run = newRun(task, previous);
            seed(task, run, total / runs);
            previous = run;
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(readyFile), "seeded\n");
        Thread.sleep(2000);
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + runs(task) + previous + "/logs"))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            int read;
            while ((read = body.read(buffer)) > 0) {
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double secondsTaken = (System.nanoTime() - started) / 1e9;
        java.nio.file.Files.writeString(java.nio.file.Path.of(readyFile), "done\n");
        System.out.printf("logs-chain: %d runs, %,d lines, %.1f MB in %.2f s = %.1f MB/s%n", runs, lines, bytes / 1e6,
                secondsTaken, bytes / 1e6 / secondsTaken);
        if (lines != total) {
            throw new IllegalStateException("expected " + total + " lines, got " + lines);
        }
    }

    /** {@code clients} SSE connections on one run; {@code appends} single-entry appends; delivery latency. */
    private void sseFanout(int clients, int appends, String threadsFile) throws Exception {
        String task = newTask();
        String run = newRun(task, null);
        send("PATCH", runs(task) + run + "/", "{\"status\":\"in_progress\"}");
        URI stream = URI.create(base + runs(task) + run + "/stream/?start=latest");
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(clients);
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(clients);
        // An event-loop client: one selector thread reads every connection, and each line is handled
        // on it (no thread per connection), so the load generator takes as little CPU as it can.
        ExecutorService loop = Executors.newSingleThreadExecutor();
        HttpClient sseClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(loop).build();
        HttpRequest request = HttpRequest.newBuilder(stream).header("Authorization", "Bearer " + key).build();
        for (int i = 0; i < clients; i++) {
            sseClient.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                private boolean first = true;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (first && line.startsWith("event: keepalive")) {
                        connected.countDown();
                        first = false;
                    } else if (line.startsWith("data: {\"type\":\"notification\"")) {
                        int at = line.indexOf("\"marker\":") + 9;
                        long sent = Long.parseLong(line.substring(at, line.indexOf('}', at)));
                        latencies.add(System.nanoTime() - sent);
                    }
                }

                @Override
                public void onError(Throwable failure) {
                    failures.incrementAndGet();
                    connected.countDown();
                    ended.countDown();
                }

                @Override
                public void onComplete() {
                    ended.countDown();
                }
            }));
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - connected.getCount()) + " streams connected");
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(threadsFile), "open\n");
        Thread.sleep(3000);
        for (int i = 0; i < appends; i++) {
            append(task, run, "{\"entries\":[" + entry(System.nanoTime()) + "]}");
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        java.nio.file.Files.writeString(java.nio.file.Path.of(threadsFile), "done\n");
        send("PATCH", runs(task) + run + "/", "{\"status\":\"completed\"}");
        ended.await(30, TimeUnit.SECONDS);
        loop.shutdownNow();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("sse-fanout: %d streams on one run, %d appends 200 ms apart, %d deliveries (expected %d),"
                + " %d failed connections%n", clients, appends, sorted.size(), (long) clients * appends, failures.get());
        System.out.printf("  append -> receive latency: p50 %s, p99 %s, max %s%n", millis(percentile(sorted, 0.5)),
                millis(percentile(sorted, 0.99)), millis(sorted.getLast()));
    }
}
