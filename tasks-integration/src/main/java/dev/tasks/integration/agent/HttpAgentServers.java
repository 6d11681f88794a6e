package dev.tasks.integration.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.sandbox.AgentReply;
import dev.tasks.domain.sandbox.AgentServers;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.integration.outbound.BoundedBodies;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Agent-server calls on the JDK HTTP client, asynchronous end to end: a waiting call is a pending
 * future, not a blocked thread. The answer is read up to {@link #MAX_ANSWER_BYTES}; a longer one
 * counts as a failed call.
 */
@ApplicationScoped
public class HttpAgentServers implements AgentServers {

    /** Connecting to an agent server gives up after this long (docs/cloud-runs.md#outcomes-and-timeouts). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The largest answer read from an agent server. */
    static final long MAX_ANSWER_BYTES = 8L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(HttpAgentServers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpClient http;

    @PostConstruct
    void open() {
        // Agent servers speak HTTP/1.1; asking for HTTP/2 would send an upgrade with every new connection.
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PreDestroy
    void close() {
        http.close();
    }

    @Override
    public CompletableFuture<AgentReply> send(URI sandboxUrl, String connectToken, String bearer,
                                              Map<String, Object> envelope, Duration timeout) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(commandUri(sandboxUrl, connectToken))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(envelope)))
                    .build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Cannot build a command for an agent server", LogSafe.throwable(e));
            return CompletableFuture.completedFuture(new AgentReply.Failed());
        }
        return http.sendAsync(request, BoundedBodies.ofBytes(MAX_ANSWER_BYTES))
                .handle((response, failure) -> failure == null ? answered(response) : failed(failure));
    }

    /** {@code <sandbox URL without trailing "/">/command}, with the connect token as a query parameter. */
    static URI commandUri(URI sandboxUrl, String connectToken) {
        String base = sandboxUrl.toString();
        int query = base.indexOf('?');
        String path = (query < 0 ? base : base.substring(0, query)).replaceAll("/+$", "") + "/command";
        if (connectToken == null || connectToken.isEmpty()) {
            return URI.create(path);
        }
        return URI.create(path + "?_modal_connect_token=" + URLEncoder.encode(connectToken, StandardCharsets.UTF_8));
    }

    private static AgentReply answered(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        String error = null;
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            try {
                JsonNode tree = JSON.readTree(body);
                if (tree != null && tree.path("error").isTextual()) {
                    error = tree.get("error").asText();
                }
            } catch (IOException e) {
                // Not JSON: the status alone describes the answer.
            }
        }
        return new AgentReply.Answered(response.statusCode(), body, error);
    }

    private static AgentReply failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof HttpTimeoutException) {
            return new AgentReply.TimedOut();
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof ClosedChannelException
                || (cause instanceof IOException io && isReset(io))) {
            return new AgentReply.Unreachable();
        }
        LOG.log(Level.WARNING, "A command to an agent server failed", LogSafe.throwable(cause));
        return new AgentReply.Failed();
    }

    private static boolean isReset(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("reset") || message.contains("closed") || message.contains("eof");
    }
}
