import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The load generator of bench/local-run-benchmark (issue 14): plays a minimal model provider on the
 * port the service was told, then starts {@code runs} cloud runs on the {@code local} provider one
 * after another and times each from {@code POST tasks/{id}/run/} to the run's {@code in_progress}
 * (reported by PostHog's agent itself), cancelling each and waiting for its sandbox to go before the
 * next. Bounded: each run gets at most five minutes.
 *
 * Usage: java LocalRunBench.java <base url> <api key> <upstream port> <runs>
 */
public final class LocalRunBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z_]+)\"");
    private static final Duration LIMIT = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        HttpServer model = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])), 64);
        model.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        model.createContext("/", LocalRunBench::answer);
        model.start();
        try {
            String task = BenchApi.match(ID, BenchApi.send(base, key, "POST", "/api/projects/@current/tasks/",
                    "{\"title\":\"local run bench\",\"description\":\"bench\"}"));
            String tasks = "/api/projects/@current/tasks/" + task;
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                long started = System.nanoTime();
                String run = BenchApi.match(Pattern.compile("\"latest_run\":\\{\"id\":\"([0-9a-f-]{36})\""),
                        BenchApi.send(base, key, "POST", tasks + "/run/", "{\"pending_user_message\":\"Say hello\"}"));
                String path = tasks + "/runs/" + run + "/";
                String status = "queued";
                while (!status.equals("in_progress")) {
                    if (System.nanoTime() - started > LIMIT.toNanos() || status.equals("failed")) {
                        throw new IllegalStateException("run " + run + " did not reach in_progress: " + status);
                    }
                    Thread.sleep(50);
                    status = BenchApi.match(STATUS, BenchApi.send(base, key, "GET", path, null));
                }
                times.add(System.nanoTime() - started);
                System.out.printf("  run %d: in_progress after %.1f s%n", i + 1, times.getLast() / 1e9);
                BenchApi.send(base, key, "POST", path + "cancel/", "{}");
                long cancelled = System.nanoTime();
                while (BenchApi.send(base, key, "GET", path, null).contains("\"sandbox_url\"")) {
                    if (System.nanoTime() - cancelled > LIMIT.toNanos()) {
                        throw new IllegalStateException("the sandbox of run " + run + " was not released");
                    }
                    Thread.sleep(200);
                }
            }
            Collections.sort(times);
            System.out.printf("tasks/{id}/run/ to in_progress on the local provider, %d runs one after another:"
                    + " median %.1f s (min %.1f s, max %.1f s)%n", times.size(), times.get(times.size() / 2) / 1e9,
                    times.getFirst() / 1e9, times.getLast() / 1e9);
        } finally {
            model.stop(0);
        }
    }

    /** A provider that answers every message with one short text turn. */
    private static void answer(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/v1/models")) {
            reply(exchange, "application/json", "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-6\"}],"
                    + "\"has_more\":false}");
            return;
        }
        String usage = "\"usage\":{\"input_tokens\":10,\"output_tokens\":2}";
        if (!request.contains("\"stream\":true")) {
            reply(exchange, "application/json", "{\"id\":\"msg_b\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-6\",\"content\":[{\"type\":\"text\",\"text\":\"Hello.\"}],"
                    + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null," + usage + "}");
            return;
        }
        reply(exchange, "text/event-stream", "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                + "{\"id\":\"msg_b\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null," + usage + "}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"Hello.\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":2}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    private static void reply(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
