package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.web.it.Fixtures.Member;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What a few requests can hold of the server: memory for bodies and entries, database connections
 * for slow readers, stream connections and the unsent data of clients that stop reading. Every
 * limit holds against the default heap of a test instance (512 MiB), and the server answers
 * normally afterwards.
 */
class ResourceLimitsIT extends DeployedService {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final int MIB = 1024 * 1024;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    public static WebArchive war() {
        return builtWarWith(Map.of("tasks.stream.max.per.key", "3", "tasks.stream.max.total", "6",
                "tasks.stream.max.unsent.bytes", "1048576", "tasks.stream.stall.seconds", "5"));
    }

    private record RunRef(Member member, String path) {
        ApiResponse append(byte[] body) {
            return member.api().send("POST", path + "append_log/", body, "application/json");
        }
    }

    private RunRef newRun(Member member) {
        String task = fixtures().newTask(member, Map.of("title", "limits")).get("id").asText();
        String runs = TASKS + task + "/runs/";
        return new RunRef(member, runs + member.api().post(runs, Map.of()).expect(201).json().get("id").asText() + "/");
    }

    /** An append body of {@code count} entries whose messages are {@code size} bytes each. */
    private static byte[] appendBody(int count, int size, char fill) {
        String message = String.valueOf(fill).repeat(size);
        StringBuilder body = new StringBuilder(count * (size + 200)).append("{\"entries\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"notification\",\"timestamp\":\"2026-01-01T00:00:0")
                    .append(i % 10).append("Z\",\"notification\":{\"jsonrpc\":\"2.0\",\"method\":\"_posthog/console\",")
                    .append("\"params\":{\"message\":\"").append(message).append("\"}}}");
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A gauge or counter of {@code /metrics}, by the name the Prometheus text gives it. */
    private double metric(String name) {
        String text = anonymous().get("/metrics").expect(200).text();
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        if (!value.find()) {
            throw new AssertionError("no metric " + name + " among " + text.lines()
                    .filter(line -> !line.startsWith("#") && (line.contains("tasks") || line.contains("Heap")))
                    .toList());
        }
        return Double.parseDouble(value.group(2));
    }

    private long heapUsed() {
        return (long) metric("memory_usedHeap_bytes");
    }

    private void stillAnswers(Api api) {
        api.get("/api/ping/").expect(200);
        api.get(TASKS).expect(200);
    }

    // --- memory per request

    @Test
    void sixConcurrentMaximumBodiesQueueInsteadOfExhaustingTheHeap() throws Exception {
        Member member = fixtures().newMember();
        RunRef logs = newRun(member);
        RunRef states = newRun(member);
        byte[] append = appendBody(8, 7_900_000, 'a');
        String blob = "s".repeat(60 * MIB);
        byte[] patch = ("{\"state\":{\"blob\":\"" + blob + "\"}}").getBytes(StandardCharsets.UTF_8);
        assertTrue(append.length > 60 * MIB && append.length < 64 * MIB, "body of " + append.length + " bytes");
        System.out.println("FIGURE server-uptime-at-bodies-start " + metric("jvm_uptime_seconds") + " s");
        AtomicLong peak = new AtomicLong(heapUsed());
        var sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                try {
                    peak.accumulateAndGet(heapUsed(), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException | RuntimeException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        // Only the start of each answer is kept: a PATCH answers with the 60 MiB state.
        HttpResponse.BodyHandler<String> prefix = info -> HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofInputStream(), in -> {
                    try (in) {
                        String start = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
                        in.transferTo(OutputStream.nullOutputStream());
                        return start;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        for (int i = 0; i < 6; i++) {
            boolean isAppend = i % 3 != 2;
            String path = isAppend ? logs.path() + "append_log/" : states.path();
            requests.add(CLIENT.sendAsync(HttpRequest.newBuilder(root().resolve(path)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + member.api().key())
                    .header("Content-Type", "application/json")
                    .method(isAppend ? "POST" : "PATCH", HttpRequest.BodyPublishers.ofByteArray(isAppend ? append : patch))
                    .build(), prefix));
        }
        int appended = 0;
        int answered = 0;
        for (int i = 0; i < requests.size(); i++) {
            HttpResponse<String> response = requests.get(i).get();
            assertTrue(response.statusCode() == 200 || response.statusCode() == 503, response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
            if (response.statusCode() == 200) {
                answered++;
                appended += i % 3 != 2 ? 1 : 0;
            } else {
                assertEquals("service_unavailable", ApiResponse.JSON.readTree(response.body()).get("code").asText());
                assertTrue(response.headers().firstValue("Retry-After").isPresent());
            }
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        sampling.set(false);
        sampler.join();
        stillAnswers(member.api());
        long after = heapUsed();
        System.out.println("FIGURE six-60MiB-bodies " + took + " ms, " + answered + " of 6 answered 200");
        System.out.println("FIGURE heap-peak-during-bodies " + peak.get() / MIB + " MiB");
        System.out.println("FIGURE heap-after-bodies " + after / MIB + " MiB");
        System.out.println("FIGURE server-uptime-at-bodies-end " + metric("jvm_uptime_seconds") + " s");
        assertTrue(answered >= 1, "the budget lets one maximum body through at a time");
        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(root().resolve(logs.path()
                        + "session_logs/?limit=1")).header("Authorization", "Bearer " + member.api().key()).build(),
                prefix);
        assertEquals(200, page.statusCode(), page.body());
        assertEquals(String.valueOf(8 * appended), page.headers().firstValue("X-Total-Count").orElse(null),
                "each answered append stored whole, the others nothing");
    }

    @Test
    void anEntryOverTheLimitIsRefusedAndNothingIsStored() {
        Member member = fixtures().newMember();
        RunRef run = newRun(member);
        String small = new String(appendBody(1, 10, 'x'), StandardCharsets.UTF_8);
        String large = new String(appendBody(1, 9 * MIB, 'y'), StandardCharsets.UTF_8);
        String body = "{\"entries\":[" + small.substring(12, small.length() - 2) + ","
                + large.substring(12, large.length() - 2) + "]}";
        run.append(body.getBytes(StandardCharsets.UTF_8)).expectError(413, "request_too_large",
                "Log entry exceeds 8388608 bytes.", "entries__1");
        assertEquals("0", member.api().get(run.path() + "session_logs/").expect(200).header("X-Total-Count"));
        run.append(appendBody(1, 8 * MIB - 300, 'z')).expect(200);
    }

    // --- connections

    /** A raw HTTP/1.1 request whose answer is never read: the client stalls with the connection open. */
    private Socket stalledRequest(String path, String key) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(root().getHost(), root().getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + root().getHost() + ":" + root().getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    @Test
    void fortyStalledLogReadersDoNotStopOtherRequests() throws Exception {
        Member member = fixtures().newMember();
        RunRef run = newRun(member);
        for (int i = 0; i < 3; i++) {
            run.append(appendBody(8, MIB, (char) ('a' + i))).expect(200);
        }
        Member other = fixtures().newMember();
        RunRef elsewhere = newRun(other);
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                stalled.add(stalledRequest(run.path() + "logs", member.api().key()));
            }
            Thread.sleep(3_000);
            assertEquals(8.0, metric("tasks_downloads"), "eight downloads of one key; the others refused");
            member.api().get(run.path() + "session_logs/?limit=1").expectError(429, "throttled", null, null);
            long slowest = 0;
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                member.api().get(run.path()).expect(200);
                run.append(appendBody(1, 100, 'q')).expect(200);
                other.api().get(elsewhere.path() + "session_logs/?limit=5").expect(200);
                other.api().get(elsewhere.path() + "logs").expect(200);
                slowest = Math.max(slowest, (System.nanoTime() - started) / 1_000_000);
            }
            System.out.println("FIGURE slowest-request-quartet-with-40-stalled-readers " + slowest + " ms");
            System.out.println("FIGURE heap-with-40-stalled-readers " + heapUsed() / MIB + " MiB");
            assertTrue(slowest < 3_000, "four requests took " + slowest + " ms beside 40 stalled readers");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        stillAnswers(member.api());
    }

    @Test
    void streamsAreCappedPerKeyAndInTotal() throws Exception {
        Member first = fixtures().newMember();
        // Three keys of one user, who sees the run: the caps count keys.
        Api second = fixtures().keyFor(first, Map.of("label", "second", "scopes", List.of("task:read")));
        Api third = fixtures().keyFor(first, Map.of("label", "third", "scopes", List.of("task:read")));
        RunRef run = newRun(first);
        URI stream = root().resolve(run.path() + "stream/");
        awaitNoStreams();
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(SseClient.open(stream, first.api().key(), Map.of()));
                assertEquals(StreamIT.KEEPALIVE, open.getLast().next(5));
            }
            try (SseClient refused = SseClient.open(stream, first.api().key(), Map.of())) {
                assertEquals(429, refused.status());
                assertEquals("10", refused.headers().firstValue("Retry-After").orElse(null));
                var error = ApiResponse.JSON.readTree(refused.errorBody());
                assertEquals("throttled_error", error.get("type").asText());
                assertEquals("throttled", error.get("code").asText());
                assertEquals("Request was throttled. Expected available in 10 seconds.", error.get("detail").asText());
            }
            for (int i = 0; i < 3; i++) {
                open.add(SseClient.open(stream, second.key(), Map.of()));
                assertEquals(200, open.getLast().status());
            }
            try (SseClient refused = SseClient.open(stream, third.key(), Map.of())) {
                assertEquals(429, refused.status(), "six open in all");
            }
            assertEquals(6.0, metric("tasks_stream_connections"));
            // A run that ends ends its streams, and frees their places.
            first.api().patch(run.path(), Map.of("status", "completed")).expect(200);
            for (SseClient client : open) {
                client.untilClosed(10);
            }
            awaitNoStreams();
            try (SseClient admitted = SseClient.open(stream, third.key(), Map.of())) {
                assertEquals(200, admitted.status());
            }
        } finally {
            for (SseClient client : open) {
                client.close();
            }
        }
    }

    @Test
    void aLongReplayFlowsAtTheClientsPaceAndAClientThatStopsReadingIsDropped() throws Exception {
        Member member = fixtures().newMember();
        RunRef run = newRun(member);
        int appends = 12;
        int perAppend = 8;
        int entryBytes = 128 * 1024;
        // 12 MiB of history, twelve times the unsent bound: a replay takes it at the client's pace.
        for (int i = 0; i < appends; i++) {
            run.append(appendBody(perAppend, entryBytes, (char) ('a' + i))).expect(200);
        }
        awaitNoStreams();
        long started = System.nanoTime();
        try (SseClient healthy = SseClient.open(root().resolve(run.path() + "stream/"), member.api().key(), Map.of());
             Socket stalled = stalledRequest(run.path() + "stream/", member.api().key())) {
            int data = 0;
            while (data < appends * perAppend) {
                List<String> frame = healthy.next(30);
                if (frame.getFirst().startsWith("id: ")) {
                    data++;
                }
            }
            long took = (System.nanoTime() - started) / 1_000_000;
            System.out.println("FIGURE healthy-replay-12MiB-beside-a-stalled-stream " + took + " ms");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (metric("tasks_stream_connections") > 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1.0, metric("tasks_stream_connections"), "the stalled client was dropped");
            long received = drain(stalled, Duration.ofSeconds(20));
            assertTrue(received < (long) appends * perAppend * entryBytes,
                    "the stalled client got " + received + " bytes, not everything");
            assertEquals(0.0, metric("tasks_stream_frame_bytes"), "nothing waits for the dropped client");
            // The healthy stream ends with its run, leaving no connection behind for other tests.
            member.api().patch(run.path(), Map.of("status", "completed")).expect(200);
            healthy.untilClosed(10);
        }
        awaitNoStreams();
        stillAnswers(member.api());
    }

    /** Waits until this instance holds no stream connection (ended ones leave within a pump or two). */
    private void awaitNoStreams() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metric("tasks_stream_connections") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0.0, metric("tasks_stream_connections"), "streams left open");
    }

    /**
     * Reads a chunked response to its end (the server ended it with the last chunk, or closed the
     * connection); fails when neither happens within {@code limit}.
     */
    private static long drain(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout(1_000);
        InputStream in = socket.getInputStream();
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] buffer = new byte[64 * 1024];
        byte[] tail = new byte[0];
        long total = 0;
        while (System.nanoTime() < deadline) {
            try {
                int read = in.read(buffer);
                if (read < 0) {
                    return total;
                }
                total += read;
                byte[] last = new byte[Math.min(16, tail.length + read)];
                byte[] joined = new byte[tail.length + read];
                System.arraycopy(tail, 0, joined, 0, tail.length);
                System.arraycopy(buffer, 0, joined, tail.length, read);
                System.arraycopy(joined, joined.length - last.length, last, 0, last.length);
                tail = last;
                if (new String(tail, StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
                    return total;
                }
            } catch (SocketTimeoutException notYet) {
                // keep reading until the deadline
            }
        }
        throw new AssertionError("the server did not close the stalled stream; read " + total + " bytes");
    }
}
