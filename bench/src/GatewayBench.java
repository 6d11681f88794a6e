import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The load generator of bench/gateway-benchmarks (issue 14), loopback only and bounded in count and
 * time. It plays the model provider (Anthropic's Messages API, a streamed answer of {@code TOKENS}
 * text deltas) on the port the service was told ({@code TASKS_LLM_UPSTREAM_URL}), binds a personal
 * key to a cloud run in the database so that the gateway takes it as a sandbox's, then
 *
 * <ul>
 *   <li>{@code overhead <calls>}: the streamed answer through the gateway and straight from the
 *       provider, interleaved, sequential; first byte and total, p50/p99 of each;</li>
 *   <li>{@code concurrent <calls> <pause ms> <marker>}: that many streamed answers at once, each event
 *       {@code pause} apart; the marker gets {@code open} while they stream (the script samples the
 *       server's heap) and {@code done} at the end; every answer is checked whole.</li>
 * </ul>
 *
 * Usage: java -cp postgresql.jar GatewayBench.java <base url> <api key> <jdbc url> <jdbc user> <upstream port> <measure> ...
 */
public final class GatewayBench {

    static final int TOKENS = 2000;
    private static final int WARM_UP_SECONDS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern KEY = Pattern.compile("\"value\":\"(phx_[A-Za-z0-9]+)\"");
    private static final String REQUEST = "{\"model\":\"claude-sonnet-4-6\",\"stream\":true,\"max_tokens\":4096,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Write 2000 tokens.\"}]}";

    private volatile long pauseMillis;
    private final byte[][] events = events();

    public static void main(String[] args) throws Exception {
        new GatewayBench().run(args);
    }

    private void run(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[4])), 1024);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", this::answer);
        upstream.start();
        try {
            String sandboxKey = sandboxKey(base, key, args[2], args[3]);
            String gateway = base + "/api/llm/posthog_code/v1/messages";
            String direct = "http://127.0.0.1:" + args[4] + "/v1/messages";
            switch (args[5]) {
                case "overhead" -> overhead(gateway, direct, sandboxKey, Integer.parseInt(args[6]));
                case "concurrent" -> concurrent(gateway, sandboxKey, Integer.parseInt(args[6]),
                        Long.parseLong(args[7]), Path.of(args[8]));
                default -> throw new IllegalArgumentException("unknown measure " + args[5]);
            }
        } finally {
            upstream.stop(0);
        }
    }

    /** A key of the bootstrap user bound to a new cloud run, as the service binds a sandbox's key. */
    private static String sandboxKey(String base, String key, String jdbc, String user) throws Exception {
        String task = BenchApi.match(ID, BenchApi.send(base, key, "POST", "/api/projects/@current/tasks/",
                "{\"title\":\"gateway bench\",\"description\":\"bench\"}"));
        String run = BenchApi.match(ID, BenchApi.send(base, key, "POST",
                "/api/projects/@current/tasks/" + task + "/runs/", "{\"environment\":\"cloud\"}"));
        String created = BenchApi.send(base, key, "POST", "/api/personal_api_keys/",
                "{\"label\":\"gateway bench\",\"scopes\":[\"task:read\",\"task:write\"]}");
        String value = BenchApi.match(KEY, created);
        String keyId = BenchApi.match(ID, created);
        try (Connection db = DriverManager.getConnection(jdbc, user, "");
             PreparedStatement bind = db.prepareStatement("update personal_api_key set sandbox_run_id = ?,"
                     + " sandbox_task_id = ?, expires_at = now() + interval '2 hours' where id = ?")) {
            bind.setObject(1, UUID.fromString(run));
            bind.setObject(2, UUID.fromString(task));
            bind.setObject(3, UUID.fromString(keyId));
            if (bind.executeUpdate() != 1) {
                throw new IllegalStateException("the key was not found in the database");
            }
        }
        return value;
    }

    /** message_start, TOKENS text deltas, message_delta with the usage, message_stop. */
    private static byte[][] events() {
        List<String> events = new ArrayList<>();
        events.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n");
        events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < TOKENS; i++) {
            events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\" token" + i + "\"}}\n\n");
        }
        events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":" + TOKENS + "}}\n\n");
        events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return events.stream().map(event -> event.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    private long answerBytes() {
        long total = 0;
        for (byte[] event : events) {
            total += event.length;
        }
        return total;
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        long pause = pauseMillis;
        try (OutputStream out = exchange.getResponseBody()) {
            for (byte[] event : events) {
                out.write(event);
                if (pause > 0) {
                    out.flush();
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Time to the first byte of the body and to its end, in nanoseconds; the body is checked whole. */
    private long[] stream(String url, String key) throws Exception {
        long started = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(REQUEST));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        long firstByte = 0;
        long bytes = 0;
        try (InputStream body = response.body()) {
            byte[] chunk = new byte[16384];
            int read;
            while ((read = body.read(chunk)) != -1) {
                if (firstByte == 0) {
                    firstByte = System.nanoTime() - started;
                }
                bytes += read;
            }
        }
        long total = System.nanoTime() - started;
        if (response.statusCode() != 200 || bytes != answerBytes()) {
            throw new IllegalStateException("unexpected answer from " + url + ": " + response.statusCode() + ", "
                    + bytes + " of " + answerBytes() + " bytes");
        }
        return new long[] {firstByte, total};
    }

    private void overhead(String gateway, String direct, String key, int calls) throws Exception {
        long warmUntil = System.nanoTime() + Duration.ofSeconds(WARM_UP_SECONDS).toNanos();
        while (System.nanoTime() < warmUntil) {
            stream(gateway, key);
            stream(direct, null);
        }
        List<Long> throughFirst = new ArrayList<>();
        List<Long> throughTotal = new ArrayList<>();
        List<Long> directFirst = new ArrayList<>();
        List<Long> directTotal = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long[] through = stream(gateway, key);
            throughFirst.add(through[0]);
            throughTotal.add(through[1]);
            long[] straight = stream(direct, null);
            directFirst.add(straight[0]);
            directTotal.add(straight[1]);
        }
        System.out.printf("model gateway overhead, a streamed answer of %d text deltas (%d bytes), %d sequential calls"
                + " each way, interleaved, after %d s of warm-up:%n", TOKENS, answerBytes(), calls, WARM_UP_SECONDS);
        System.out.printf("  first byte: through the gateway p50 %.2f ms, p99 %.2f ms; straight p50 %.2f ms, p99 %.2f ms;"
                        + " added p50 %.2f ms%n", p(throughFirst, 50), p(throughFirst, 99), p(directFirst, 50),
                p(directFirst, 99), p(throughFirst, 50) - p(directFirst, 50));
        System.out.printf("  whole answer: through the gateway p50 %.2f ms, p99 %.2f ms; straight p50 %.2f ms, p99 %.2f ms;"
                        + " added p50 %.2f ms%n", p(throughTotal, 50), p(throughTotal, 99), p(directTotal, 50),
                p(directTotal, 99), p(throughTotal, 50) - p(directTotal, 50));
    }

    private void concurrent(String gateway, String key, int calls, long pause, Path marker) throws Exception {
        pauseMillis = pause;
        List<CompletableFuture<long[]>> streams = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            streams.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return stream(gateway, key);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor()));
        }
        Thread.sleep(Math.min(5_000, pause * TOKENS / 4));
        Files.writeString(marker, "open\n");
        List<Long> totals = new ArrayList<>();
        for (CompletableFuture<long[]> stream : streams) {
            totals.add(stream.get()[1]);
        }
        Files.writeString(marker, "done\n");
        System.out.printf("%d streamed answers at once through the gateway, each %d text deltas %d ms apart:"
                        + " all complete and whole in %.1f s (each p50 %.1f s)%n", calls, TOKENS, pause,
                (System.nanoTime() - started) / 1e9, p(totals, 50) / 1e3);
    }

    private static double p(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
