import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/command-benchmarks (issue 13), loopback only and bounded in count and
 * time: a stand-in agent server on an ephemeral port, one cloud run whose sandbox URL (set in the
 * database) is that agent, then
 *
 * <ul>
 *   <li>{@code overhead <calls>}: {@code cancel} through {@code command/} and the same request sent
 *       straight to the agent, interleaved, sequential; p50/p99 of each and of the difference;</li>
 *   <li>{@code waiting <calls> <seconds> <marker>}: that many {@code command/} calls at once against an
 *       agent that answers after {@code seconds}; the marker file gets {@code open} once all are in
 *       flight (the script then reads the server's threads and heap), and the calls are checked when
 *       they complete.</li>
 * </ul>
 *
 * Usage: java -cp postgresql.jar CommandBench.java <base url> <api key> <jdbc url> <jdbc user> <measure> ...
 */
public final class CommandBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final String CANCEL = "{\"jsonrpc\":\"2.0\",\"method\":\"cancel\",\"id\":1}";
    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"cancelled\":true}}";

    /** Both paths are exercised this long before anything is measured (the JIT needs it on two cores). */
    private static final int WARM_UP_SECONDS = 30;

    private volatile long agentDelayMillis;

    public static void main(String[] args) throws Exception {
        new CommandBench().run(args);
    }

    private void run(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        HttpServer agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        agent.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        agent.createContext("/", this::answer);
        agent.start();
        try {
            String agentUrl = "http://127.0.0.1:" + agent.getAddress().getPort();
            String task = id(send(base, key, "POST", "/api/projects/@current/tasks/",
                    "{\"title\":\"command bench\",\"description\":\"bench\"}").body());
            String runs = "/api/projects/@current/tasks/" + task + "/runs/";
            String run = id(send(base, key, "POST", runs, "{\"environment\":\"cloud\"}").body());
            try (Connection db = DriverManager.getConnection(args[2], args[3], "");
                 PreparedStatement update = db.prepareStatement("update task_run set state = ? where id = ?")) {
                update.setString(1, "{\"mode\":\"background\",\"sandbox_id\":\"bench\",\"sandbox_url\":\"" + agentUrl
                        + "\"}");
                update.setObject(2, UUID.fromString(run));
                if (update.executeUpdate() != 1) {
                    throw new IllegalStateException("the run was not found in the database");
                }
            }
            String command = runs + run + "/command/";
            switch (args[4]) {
                case "overhead" -> overhead(base, key, command, agentUrl, Integer.parseInt(args[5]));
                case "waiting" -> waiting(base, key, command, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                        Path.of(args[7]));
                default -> throw new IllegalArgumentException("unknown measure " + args[4]);
            }
        } finally {
            agent.stop(0);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (agentDelayMillis > 0) {
            try {
                Thread.sleep(agentDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void overhead(String base, String key, String command, String agentUrl, int calls) throws Exception {
        long warmUntil = System.nanoTime() + Duration.ofSeconds(WARM_UP_SECONDS).toNanos();
        while (System.nanoTime() < warmUntil) {
            send(base, key, "POST", command, CANCEL);
            sendDirect(agentUrl);
        }
        List<Long> through = new ArrayList<>(calls);
        List<Long> direct = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = send(base, key, "POST", command, CANCEL);
            through.add(System.nanoTime() - started);
            if (!response.body().contains("\"cancelled\":true")) {
                throw new IllegalStateException("unexpected answer: " + response.body());
            }
            started = System.nanoTime();
            sendDirect(agentUrl);
            direct.add(System.nanoTime() - started);
        }
        double throughP50 = percentile(through, 50);
        double directP50 = percentile(direct, 50);
        System.out.printf("command/ overhead, %d sequential cancel calls each, interleaved, after %d s of warm-up:%n",
                calls, WARM_UP_SECONDS);
        System.out.printf("  through the service: p50 %.2f ms, p99 %.2f ms%n", throughP50, percentile(through, 99));
        System.out.printf("  straight to the agent: p50 %.2f ms, p99 %.2f ms%n", directP50, percentile(direct, 99));
        System.out.printf("  added by the service: p50 %.2f ms, p99 %.2f ms%n", throughP50 - directP50,
                percentile(through, 99) - percentile(direct, 99));
    }

    private void waiting(String base, String key, String command, int calls, int seconds, Path marker)
            throws Exception {
        agentDelayMillis = seconds * 1000L;
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>(calls);
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            pending.add(HTTP.sendAsync(request(base, key, "POST", command, CANCEL), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(Math.min(seconds * 1000L / 2, 5000));
        Files.writeString(marker, "open\n");
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> call : pending) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() == 200 && response.body().contains("\"cancelled\":true")) {
                ok++;
            }
        }
        System.out.printf("%d command/ calls waiting %d s on a slow agent at once: %d answered 200 after %.1f s%n",
                calls, seconds, ok, (System.nanoTime() - started) / 1e9);
        if (ok != calls) {
            throw new IllegalStateException((calls - ok) + " calls failed");
        }
    }

    private static void sendDirect(String agentUrl) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(agentUrl + "/command"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer x").POST(HttpRequest.BodyPublishers.ofString(CANCEL)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the agent answered " + response.statusCode());
        }
    }

    private static HttpRequest request(String base, String key, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(String base, String key, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(base, key, method, path, body),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
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

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
