package dev.tasks.web.it;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The far side of cloud runs, on one loopback port: the sandbox provider's peer ({@code /sandboxes},
 * which {@link StubAgentProvider} calls) and the agent servers of the sandboxes it hands out
 * ({@code /agent/<run>/command}). Each agent checks its connection token as PostHog's agent server
 * does ({@code @posthog/agent} {@code src/server/jwt.ts}: RS256 with the public key it was started
 * with, audience {@code posthog:sandbox_connection}, {@code exp}, string {@code run_id},
 * {@code task_id}, {@code distinct_id} and numeric {@code team_id}, {@code user_id}), verified here with
 * java-jwt rather than the service's own JWT library; it answers commands as the test programmed, or
 * as the real agent does, and records everything.
 */
public final class AgentStub {

    static final String AUDIENCE = "posthog:sandbox_connection";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One command as an agent received it, with the claims of its verified token. */
    public record Command(String target, Map<String, String> headers, JsonNode body, Map<String, Object> claims) {
    }

    /** A programmed answer: status, body and how long to wait before giving it. */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer ok(String body) {
            return new Answer(200, body, 0);
        }
    }

    /** A programmed sandbox for the runs of a task: its URL (null: this stub's agent) and connect token. */
    public record Sandbox(String url, String connectToken, String failure) {
    }

    private final int port;
    private final List<JsonNode> provisions = new CopyOnWriteArrayList<>();
    private final List<String> destroyed = new CopyOnWriteArrayList<>();
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, String> publicKeys = new ConcurrentHashMap<>();
    private final Map<String, Answer> usageVerdicts = new ConcurrentHashMap<>();
    private final List<JsonNode> usageChecks = new CopyOnWriteArrayList<>();
    private volatile String defaultPublicKey;
    private HttpServer server;

    AgentStub(int port) {
        this.port = port;
    }

    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + port, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    /** The base URL of the agent of {@code run}, as a sandbox of this stub has it. */
    public String agentUrl(String run) {
        return "http://127.0.0.1:" + port + "/agent/" + run;
    }

    /** The sandbox the provider hands out for runs of {@code task}. */
    public void sandboxFor(String task, Sandbox sandbox) {
        sandboxes.put(task, sandbox);
    }

    /** The public key agents check tokens with when no provisioned sandbox told them one (PEM). */
    public void trust(String publicKeyPem) {
        defaultPublicKey = publicKeyPem;
    }

    /** The next answers of the agent of {@code run}, in order; afterwards it answers as the real one does. */
    public void program(String run, Answer... programmed) {
        answers.computeIfAbsent(run, r -> new ConcurrentLinkedQueue<>()).addAll(List.of(programmed));
    }

    /**
     * How the usage gate answers for {@code task} from now on: {@link StubUsageGate}'s verdict as JSON
     * ({@code {"allowed":true}} unless told otherwise), or a status other than 200 that makes it throw.
     */
    public void usageFor(String task, Answer verdict) {
        usageVerdicts.put(task, verdict);
    }

    /** The usage gate's checks for {@code task}, oldest first. */
    public List<JsonNode> usageChecks(String task) {
        return usageChecks.stream().filter(c -> task.equals(c.path("task").asText())).toList();
    }

    /** The requests the provider sent for runs of {@code task}, oldest first. */
    public List<JsonNode> provisions(String task) {
        return provisions.stream().filter(p -> task.equals(p.path("task").asText())).toList();
    }

    public List<String> destroyed() {
        return List.copyOf(destroyed);
    }

    /** The commands the agent of {@code run} received, oldest first. */
    public List<Command> commands(String run) {
        return commands.stream().filter(c -> c.target().startsWith("/agent/" + run + "/")).toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (path.equals("/sandboxes")) {
            JsonNode request = JSON.readTree(raw);
            provisions.add(request);
            String run = request.path("run").asText();
            publicKeys.put(run, request.path("environment").path("JWT_PUBLIC_KEY").asText());
            Sandbox sandbox = sandboxes.getOrDefault(request.path("task").asText(), new Sandbox(null, null, null));
            if (sandbox.failure() != null) {
                reply(exchange, 200, JSON.writeValueAsString(Map.of("error", sandbox.failure())));
                return;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", "sb-" + run);
            answer.put("url", sandbox.url() == null ? agentUrl(run) : sandbox.url());
            answer.put("connect_token", sandbox.connectToken());
            reply(exchange, 200, JSON.writeValueAsString(answer));
        } else if (path.equals("/usage")) {
            JsonNode check = JSON.readTree(raw);
            usageChecks.add(check);
            Answer verdict = usageVerdicts.getOrDefault(check.path("task").asText(), Answer.ok("{\"allowed\":true}"));
            if (verdict.delayMillis() > 0) {
                try {
                    Thread.sleep(verdict.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply(exchange, verdict.status(), verdict.body());
        } else if (path.startsWith("/sandboxes/") && path.endsWith("/destroy")) {
            destroyed.add(path.substring("/sandboxes/".length(), path.length() - "/destroy".length()));
            reply(exchange, 200, "{}");
        } else if (path.startsWith("/agent/") && path.endsWith("/command")) {
            command(exchange, path.substring("/agent/".length(), path.length() - "/command".length()), raw);
        } else {
            reply(exchange, 404, "{\"error\":\"Not found\"}");
        }
    }

    private void command(HttpExchange exchange, String run, byte[] raw) throws IOException {
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        JsonNode body = JSON.readTree(raw);
        String authorization = headers.get("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            record(target, headers, body, Map.of());
            reply(exchange, 401, "{\"error\":\"Missing authorization header\"}");
            return;
        }
        Map<String, Object> claims;
        try {
            claims = verify(authorization.substring("Bearer ".length()), publicKeys.getOrDefault(run, defaultPublicKey));
        } catch (IllegalStateException refused) {
            record(target, headers, body, Map.of());
            reply(exchange, 401, JSON.writeValueAsString(Map.of("error", refused.getMessage())));
            return;
        }
        record(target, headers, body, claims);
        if (!run.equals(claims.get("run_id"))) {
            reply(exchange, 400, "{\"error\":\"No active session for this run\"}");
            return;
        }
        Answer programmed = answers.getOrDefault(run, new ConcurrentLinkedQueue<>()).poll();
        if (programmed != null) {
            if (programmed.delayMillis() > 0) {
                try {
                    Thread.sleep(programmed.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply(exchange, programmed.status(), programmed.body());
            return;
        }
        Object result = switch (body.path("method").asText()) {
            case "cancel" -> Map.of("cancelled", true);
            case "close" -> Map.of("closed", true);
            case "permission_response" -> Map.of("resolved", true);
            case "set_config_option" -> Map.of("configOptions", List.of());
            default -> Map.of("stopReason", "end_turn");
        };
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jsonrpc", "2.0");
        answer.put("id", body.has("id") ? JSON.treeToValue(body.get("id"), Object.class) : null);
        answer.put("result", result);
        reply(exchange, 200, JSON.writeValueAsString(answer));
    }

    private void record(String target, Map<String, String> headers, JsonNode body, Map<String, Object> claims) {
        commands.add(new Command(target, Map.copyOf(headers), body, claims));
    }

    /** The token's claims, verified as the agent server does; its refusal's text otherwise. */
    static Map<String, Object> verify(String token, String publicKeyPem) {
        if (publicKeyPem == null || publicKeyPem.isEmpty()) {
            throw new IllegalStateException("Invalid token");
        }
        DecodedJWT jwt;
        try {
            jwt = JWT.require(Algorithm.RSA256(publicKey(publicKeyPem), null)).withAudience(AUDIENCE).build()
                    .verify(token);
        } catch (TokenExpiredException e) {
            throw new IllegalStateException("Token expired");
        } catch (SignatureVerificationException e) {
            throw new IllegalStateException("Invalid signature");
        } catch (JWTVerificationException e) {
            throw new IllegalStateException("Invalid token");
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("run_id", "task_id", "distinct_id")) {
            if (jwt.getClaim(name).isMissing() || jwt.getClaim(name).asString() == null) {
                missing.add(name);
            }
        }
        for (String name : List.of("team_id", "user_id")) {
            Claim claim = jwt.getClaim(name);
            if (claim.isMissing() || claim.asLong() == null) {
                missing.add(name);
            }
        }
        if (jwt.getExpiresAt() == null) {
            missing.add("exp");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Missing required fields: " + String.join(", ", missing));
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        jwt.getClaims().forEach((name, claim) -> claims.put(name, claim.as(Object.class)));
        claims.put("kid", jwt.getKeyId());
        claims.put("alg", jwt.getAlgorithm());
        claims.put("typ", jwt.getType());
        return claims;
    }

    static RSAPublicKey publicKey(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Invalid token");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 500 && !body.startsWith("{") ? "text/html"
                : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
