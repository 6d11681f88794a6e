package dev.tasks.web.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The outside services the deployed WAR talks to, played on one loopback port: GitHub's REST API
 * under {@value #GITHUB_BASE} (the service is configured with it, as with GitHub Enterprise),
 * PostHog's query API under {@code /api/projects/<id>/query/}, and Slack's Web API under
 * {@value #SLACK_BASE}. Tests program repositories and query
 * answers; every request is recorded with its headers and body.
 */
public final class PeerStub {

    public static final String GITHUB_BASE = "/ghe/api/v3";
    public static final String SLACK_BASE = "/slack/api/";

    /** One request as received, and when. */
    public record Request(String method, String target, Map<String, String> headers, String body, Instant at) {
    }

    /** A repository as GitHub serves it: its default branch, blob paths and file contents. */
    public record Repository(String defaultBranch, List<String> tree, Map<String, String> files, boolean malformed) {
    }

    private final int port;
    private final Map<String, Repository> repositories = new ConcurrentHashMap<>();
    private final Map<String, String> queryAnswers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile long githubDelayMillis;
    private final Queue<String[]> slackAnswers = new ConcurrentLinkedQueue<>();
    private final ModelStub model = new ModelStub();
    private HttpServer server;

    PeerStub(int port) {
        this.port = port;
    }

    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + port, e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::answer);
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void repository(String name, Repository repository) {
        repositories.put(name, repository);
    }

    /** How long GitHub takes to answer each request from now on (0: at once). */
    public void githubDelay(Duration delay) {
        githubDelayMillis = delay.toMillis();
    }

    /** The JSON PostHog answers to queries of its project {@code projectId}. */
    public void queryAnswer(long projectId, String json) {
        queryAnswers.put(Long.toString(projectId), json);
    }

    /**
     * The next answer of Slack's {@code chat.postMessage}: status, JSON body and a {@code Retry-After}
     * value (or null). Without one queued, Slack answers {@code {"ok":true}}.
     */
    public void slackAnswer(int status, String json, String retryAfter) {
        slackAnswers.add(new String[] {Integer.toString(status), json, retryAfter});
    }

    /** The model provider under {@value ModelStub#BASE}. */
    public ModelStub model() {
        return model;
    }

    /** The recorded requests whose target contains {@code fragment}. */
    public List<Request> requests(String fragment) {
        return requests.stream().filter(request -> request.target().contains(fragment)).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        requests.add(new Request(exchange.getRequestMethod(), target, headers, body, Instant.now()));
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith(ModelStub.BASE + "/")) {
            model.answer(exchange, path, target, headers, body);
            return;
        }
        if (path.startsWith(SLACK_BASE)) {
            String[] answer = path.endsWith("/chat.postMessage") ? slackAnswers.poll() : null;
            if (answer != null && answer[2] != null) {
                exchange.getResponseHeaders().set("Retry-After", answer[2]);
            }
            reply(exchange, answer == null ? 200 : Integer.parseInt(answer[0]),
                    answer == null ? "{\"ok\":true}" : answer[1]);
            return;
        }
        if (path.startsWith("/api/projects/") && path.endsWith("/query/")) {
            String project = path.substring("/api/projects/".length(), path.length() - "/query/".length());
            String answer = queryAnswers.get(project);
            reply(exchange, answer == null ? 500 : 200, answer == null ? "{\"detail\":\"no answer\"}" : answer);
            return;
        }
        if (!path.startsWith(GITHUB_BASE + "/repos/")) {
            reply(exchange, 404, "{\"message\":\"Not Found\"}");
            return;
        }
        if (githubDelayMillis > 0) {
            try {
                Thread.sleep(githubDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String[] parts = path.substring((GITHUB_BASE + "/repos/").length()).split("/", 3);
        Repository repository = parts.length < 2 ? null : repositories.get(parts[0] + "/" + parts[1]);
        if (repository == null) {
            reply(exchange, 404, "{\"message\":\"Not Found\"}");
        } else if (parts.length == 2) {
            reply(exchange, 200, repository.malformed() ? "{\"default_branch\": " : "{\"default_branch\":\""
                    + repository.defaultBranch() + "\"}");
        } else if (parts[2].equals("git/trees/" + repository.defaultBranch())) {
            StringBuilder tree = new StringBuilder("{\"tree\":[");
            for (int i = 0; i < repository.tree().size(); i++) {
                tree.append(i == 0 ? "" : ",").append("{\"path\":\"").append(repository.tree().get(i))
                        .append("\",\"type\":\"blob\"}");
            }
            reply(exchange, 200, tree.append("]}").toString());
        } else if (parts[2].startsWith("contents/") && repository.files().containsKey(parts[2].substring(9))) {
            String content = Base64.getEncoder().encodeToString(repository.files().get(parts[2].substring(9))
                    .getBytes(StandardCharsets.UTF_8));
            reply(exchange, 200, "{\"encoding\":\"base64\",\"content\":\"" + content + "\"}");
        } else {
            reply(exchange, 404, "{\"message\":\"Not Found\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
