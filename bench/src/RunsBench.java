import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        // Warm the client's request path (and the server's append path) on another run first, so that
        // the measured appends are not sent by interpreted code.
        String warm = newRun(task, null);
        List<Long> unwatched = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long sent = System.nanoTime();
            append(task, warm, "{\"entries\":[" + entry(sent) + "]}");
            if (i >= 500) {
                unwatched.add(System.nanoTime() - sent);
            }
        }
        Collections.sort(unwatched);
        SseLoad load = new SseLoad(stream, key, clients, 2L * clients * appends);
        Thread reader = Thread.ofPlatform().name("sse-load").start(load);
        if (!load.connected.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (clients - load.connected.getCount()) + " streams connected");
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of(threadsFile), "open\n");
        Thread.sleep(3000);
        // A first round, not measured, warms the fan-out's code on both sides as the appends above warmed theirs.
        for (int i = 0; i < appends; i++) {
            append(task, run, "{\"entries\":[" + entry(System.nanoTime()) + "]}");
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        long measuredFrom = System.nanoTime();
        List<Long> answered = new ArrayList<>();
        for (int i = 0; i < appends; i++) {
            long sent = System.nanoTime();
            append(task, run, "{\"entries\":[" + entry(sent) + "]}");
            answered.add(System.nanoTime() - sent);
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        java.nio.file.Files.writeString(java.nio.file.Path.of(threadsFile), "done\n");
        send("PATCH", runs(task) + run + "/", "{\"status\":\"completed\"}");
        load.ended.await(30, TimeUnit.SECONDS);
        reader.interrupt();
        reader.join(5000);
        List<Long> cold = load.latencies(Long.MIN_VALUE, measuredFrom);
        List<Long> latencies = load.latencies(measuredFrom, Long.MAX_VALUE);
        System.out.printf("sse-fanout: %d streams on one run, %d appends 200 ms apart, %d deliveries (expected %d),"
                + " %d failed connections%n", clients, appends, latencies.size(), (long) clients * appends, load.failures);
        System.out.printf("  append -> receive latency: p50 %s, p99 %s, max %s (the warm-up round: p50 %s, p99 %s)%n",
                millis(percentile(latencies, 0.5)), millis(percentile(latencies, 0.99)), millis(latencies.getLast()),
                millis(percentile(cold, 0.5)), millis(percentile(cold, 0.99)));
        // Where an append's deliveries spread: its answer, its first receipt and its last, each a median over the appends.
        Collections.sort(answered);
        List<Long> firsts = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        load.spread(measuredFrom, firsts, lasts);
        System.out.printf("  per append (medians): answered %s (%s on a run nobody watches), first receipt %s,"
                + " last receipt %s; the slowest append: answered %s, first receipt %s, last receipt %s%n",
                millis(percentile(answered, 0.5)), millis(percentile(unwatched, 0.5)) + ", p99 " + millis(percentile(unwatched, 0.99)), millis(percentile(firsts, 0.5)),
                millis(percentile(lasts, 0.5)), millis(answered.getLast()), millis(firsts.getLast()),
                millis(lasts.getLast()));
    }

    /**
     * The fan-out's load generator, as light as a client can be: one thread, one selector, every
     * connection a non-blocking socket; it decodes HTTP/1.1 chunks and event lines by hand and, for
     * each data line, notes the time since the nanosecond marker the append carried. No object is
     * made per received frame.
     */
    static final class SseLoad implements Runnable {
        private static final byte[] DATA = "data: {\"type\":\"notification\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] KEEPALIVE = "event: keepalive".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] MARKER = "\"marker\":".getBytes(StandardCharsets.US_ASCII);

        final CountDownLatch connected;
        final CountDownLatch ended;
        private final long[] delays;
        /** The marker (an append's send time) of each delay. */
        private final long[] markers;
        int received;
        int failures;
        private final URI stream;
        private final String key;
        private final int clients;

        SseLoad(URI stream, String key, int clients, long expected) {
            this.stream = stream;
            this.key = key;
            this.clients = clients;
            this.connected = new CountDownLatch(clients);
            this.ended = new CountDownLatch(clients);
            this.delays = new long[(int) expected + clients];
            this.markers = new long[delays.length];
        }

        /** One connection's parse state: headers, then chunk sizes and chunk data, cut into lines. */
        private static final class Stream {
            final ByteBuffer request;
            boolean headersDone;
            boolean chunked;
            boolean inChunkData;
            long chunkLeft;
            boolean sawKeepalive;
            boolean complete;
            byte[] line = new byte[512];
            int lineLength;
            /** Headers and chunk-size lines are collected here too, separately from event lines. */
            final StringBuilder meta = new StringBuilder();

            Stream(ByteBuffer request) {
                this.request = request;
            }
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                int port = stream.getPort() < 0 ? 80 : stream.getPort();
                String path = stream.getRawPath() + (stream.getRawQuery() == null ? "" : "?" + stream.getRawQuery());
                byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + stream.getHost() + ":" + port
                        + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + key + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < clients; i++) {
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress(stream.getHost(), port));
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_WRITE, new Stream(ByteBuffer.wrap(request)));
                }
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
                byte[] bytes = new byte[64 * 1024];
                while (!Thread.currentThread().isInterrupted() && ended.getCount() > 0) {
                    selector.select(1000);
                    for (SelectionKey ready : selector.selectedKeys()) {
                        SocketChannel channel = (SocketChannel) ready.channel();
                        Stream state = (Stream) ready.attachment();
                        try {
                            if (ready.isWritable()) {
                                channel.write(state.request);
                                if (!state.request.hasRemaining()) {
                                    ready.interestOps(SelectionKey.OP_READ);
                                }
                                continue;
                            }
                            buffer.clear();
                            int read = channel.read(buffer);
                            if (read < 0) {
                                finish(ready, state, state.chunked);
                                continue;
                            }
                            buffer.flip();
                            buffer.get(bytes, 0, read);
                            if (!take(state, bytes, read)) {
                                finish(ready, state, !state.complete);
                            }
                        } catch (IOException e) {
                            finish(ready, state, true);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The latencies of the appends sent in [from, to), sorted. */
        List<Long> latencies(long from, long to) {
            List<Long> chosen = new ArrayList<>();
            for (int i = 0; i < received; i++) {
                if (markers[i] >= from && markers[i] < to) {
                    chosen.add(delays[i]);
                }
            }
            Collections.sort(chosen);
            return chosen;
        }

        /** Each append's first and last receipt (sorted), for the appends sent from {@code from} on. */
        void spread(long from, List<Long> firsts, List<Long> lasts) {
            Map<Long, long[]> byAppend = new HashMap<>();
            for (int i = 0; i < received; i++) {
                if (markers[i] < from) {
                    continue;
                }
                long[] range = byAppend.computeIfAbsent(markers[i], marker -> new long[] {Long.MAX_VALUE, 0});
                range[0] = Math.min(range[0], delays[i]);
                range[1] = Math.max(range[1], delays[i]);
            }
            byAppend.values().forEach(range -> {
                firsts.add(range[0]);
                lasts.add(range[1]);
            });
            Collections.sort(firsts);
            Collections.sort(lasts);
        }

        private void finish(SelectionKey ready, Stream state, boolean failed) throws IOException {
            ready.cancel();
            ready.channel().close();
            if (failed || !state.sawKeepalive) {
                failures++;
            }
            if (!state.sawKeepalive) {
                connected.countDown();
            }
            ended.countDown();
        }

        /** Feeds received bytes through the state machine; false when the response is over or is not a stream. */
        private boolean take(Stream state, byte[] bytes, int length) {
            int at = 0;
            while (at < length) {
                if (!state.headersDone) {
                    char c = (char) bytes[at++];
                    state.meta.append(c);
                    if (c == '\n' && state.meta.toString().endsWith("\r\n\r\n")) {
                        String head = state.meta.toString();
                        if (!head.startsWith("HTTP/1.1 200")) {
                            return false;
                        }
                        state.chunked = head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
                        state.headersDone = true;
                        state.meta.setLength(0);
                    }
                } else if (state.chunked && !state.inChunkData) {
                    char c = (char) bytes[at++];
                    if (c == '\n') {
                        String size = state.meta.toString().strip();
                        state.meta.setLength(0);
                        if (!size.isEmpty()) { // the empty line after a chunk's data
                            int extension = size.indexOf(';');
                            state.chunkLeft = Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
                            if (state.chunkLeft == 0) {
                                state.complete = true; // the last chunk: the server ended the stream
                                return false;
                            }
                            state.inChunkData = true;
                        }
                    } else {
                        state.meta.append(c);
                    }
                } else {
                    int end = state.chunked ? (int) Math.min(length, at + state.chunkLeft) : length;
                    for (; at < end; at++) {
                        byte b = bytes[at];
                        if (b == '\n') {
                            line(state);
                            state.lineLength = 0;
                        } else {
                            if (state.lineLength == state.line.length) {
                                state.line = Arrays.copyOf(state.line, state.line.length * 2);
                            }
                            state.line[state.lineLength++] = b;
                        }
                        if (state.chunked && --state.chunkLeft == 0) {
                            state.inChunkData = false;
                            at++;
                            break;
                        }
                    }
                }
            }
            return true;
        }

        private void line(Stream state) {
            if (!state.sawKeepalive && startsWith(state.line, state.lineLength, KEEPALIVE)) {
                state.sawKeepalive = true;
                connected.countDown();
            } else if (startsWith(state.line, state.lineLength, DATA)) {
                int marker = indexOf(state.line, state.lineLength, MARKER);
                int at = marker + MARKER.length;
                boolean negative = state.line[at] == '-'; // System.nanoTime() may be
                long sent = 0;
                for (at += negative ? 1 : 0; at < state.lineLength && state.line[at] >= '0' && state.line[at] <= '9'; at++) {
                    sent = sent * 10 + (state.line[at] - '0');
                }
                sent = negative ? -sent : sent;
                if (received < delays.length) {
                    markers[received] = sent;
                    delays[received++] = System.nanoTime() - sent;
                }
            }
        }

        private static boolean startsWith(byte[] line, int length, byte[] prefix) {
            return length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
        }

        private static int indexOf(byte[] line, int length, byte[] part) {
            for (int i = 0; i + part.length <= length; i++) {
                if (Arrays.equals(line, i, i + part.length, part, 0, part.length)) {
                    return i;
                }
            }
            throw new IllegalStateException("a data line without a marker");
        }
    }
}
