import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * Issue 5 measurement, driven by bench/readiness-benchmark. {@code github <port> <delay ms>} plays
 * GitHub: one repository whose tree holds 5,000 files (of which at least 20 are scannable source
 * files), every answer delayed by the given time, until killed. {@code measure <api> <key> <project>
 * <rounds>} connects a GitHub integration and times {@code repository_readiness/?refresh=true}.
 */
public final class ReadinessBench {

    private static final int TREE_FILES = 5_000;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "github" -> github(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "measure" -> measure(args[1], args[2], args[3], Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void github(int port, long delayMillis) throws IOException {
        StringBuilder tree = new StringBuilder("{\"tree\":[");
        for (int i = 0; i < TREE_FILES; i++) {
            String path = i % 10 == 0 ? "src/module" + i + "/index.ts" : "docs/page" + i + ".md";
            tree.append(i == 0 ? "" : ",").append("{\"path\":\"").append(path).append("\",\"type\":\"blob\"}");
        }
        byte[] treeBody = tree.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        String source = Base64.getEncoder().encodeToString(("import posthog from 'posthog-js'\n"
                + "posthog.init('phc')\nposthog.capture('viewed')\n").repeat(40).getBytes(StandardCharsets.UTF_8));
        byte[] fileBody = ("{\"encoding\":\"base64\",\"content\":\"" + source + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/repos/bench/shop")) {
                reply(exchange, "{\"default_branch\":\"main\"}".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/repos/bench/shop/git/trees/main")) {
                reply(exchange, treeBody);
            } else {
                reply(exchange, fileBody);
            }
        });
        server.start();
        System.out.println("github stub on " + port);
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void measure(String api, String key, String project, int rounds) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api + "/api/projects/" + project
                            + "/integrations/")).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"github\",\"sensitive_config\":"
                            + "{\"access_token\":\"bench\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("integration: " + created.statusCode() + " " + created.body());
            }
            HttpRequest readiness = HttpRequest.newBuilder(URI.create(api + "/api/projects/" + project
                            + "/tasks/repository_readiness/?repository=bench/shop&refresh=true"))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(60)).GET().build();
            List<Double> times = new ArrayList<>();
            String last = "";
            for (int round = 0; round <= rounds; round++) {
                long started = System.nanoTime();
                HttpResponse<String> answer = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - started) / 1e9;
                if (answer.statusCode() != 200 || !answer.body().contains("\"filesScanned\":20")) {
                    throw new IllegalStateException("readiness: " + answer.statusCode() + " " + answer.body());
                }
                last = answer.body();
                if (round > 0) {
                    times.add(seconds);
                }
            }
            Collections.sort(times);
            System.out.printf(Locale.ROOT, "scan of a %d-file tree, 20 files read: median %.3f s, min %.3f s, max %.3f s"
                    + " (%d rounds, refresh=true)%n", TREE_FILES, times.get(times.size() / 2), times.get(0),
                    times.get(times.size() - 1), rounds);
            System.out.println("  detectedFilesCount " + last.replaceAll(".*\"detectedFilesCount\":(\\d+).*", "$1"));
        }
    }
}
