package dev.tasks.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A model provider speaking Anthropic's Messages API under {@value #BASE} of {@link PeerStub}: the
 * upstream of the service's model gateway in the tests. It records every request and answers from a
 * script the test gives it (by default one short text turn), streamed as server-sent events when the
 * request asks for {@code stream}, each event flushed on its own.
 */
public final class ModelStub {

    public static final String BASE = "/anthropic";
    /** The key the test installations hold for the provider. */
    public static final String INSTALLATION_KEY = "sk-it-installation";
    static final int INPUT_TOKENS = 21;
    static final int CACHE_READ_TOKENS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the provider received it. */
    public record Call(String method, String target, Map<String, String> headers, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /**
     * A scripted answer: an error status with its body, or a text turn of {@code text} (its words are
     * its output tokens) whose events are {@code pauseMillis} apart.
     */
    public record Reply(int status, String errorBody, String text, long pauseMillis) {
        public static Reply text(String text) {
            return new Reply(200, null, text, 0);
        }

        public static Reply error(int status, String body) {
            return new Reply(status, body, null, 0);
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();

    /** The next answers to messages requests, in order; afterwards each is {@code Done.}. */
    public void script(Reply... replies) {
        script.addAll(List.of(replies));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    void answer(HttpExchange exchange, String path, String target, Map<String, String> headers, String body)
            throws IOException {
        JsonNode request = body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        calls.add(new Call(exchange.getRequestMethod(), target, headers, request));
        String route = path.substring(BASE.length());
        if (route.equals("/v1/models")) {
            send(exchange, 200, "application/json", "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-6\","
                    + "\"display_name\":\"Claude Sonnet 4.6\"}],\"has_more\":false}");
            return;
        }
        if (!route.equals("/v1/messages")) {
            send(exchange, 404, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\"}}");
            return;
        }
        Reply reply = script.poll();
        if (reply == null) {
            reply = Reply.text("Done.");
        }
        if (reply.errorBody() != null) {
            send(exchange, reply.status(), "application/json", reply.errorBody());
            return;
        }
        String model = request.path("model").asText("claude-sonnet-4-6");
        String[] words = reply.text().split(" ");
        if (request.path("stream").asBoolean(false)) {
            stream(exchange, model, words, reply.pauseMillis());
        } else {
            Map<String, Object> message = message(model, reply.text(), words.length);
            send(exchange, 200, "application/json", JSON.writeValueAsString(message));
        }
    }

    private static Map<String, Object> message(String model, String text, int outputTokens) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "msg_stub");
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", model);
        message.put("content", text == null ? List.of() : List.of(Map.of("type", "text", "text", text)));
        message.put("stop_reason", text == null ? null : "end_turn");
        message.put("stop_sequence", null);
        message.put("usage", Map.of("input_tokens", INPUT_TOKENS, "cache_creation_input_tokens", 0,
                "cache_read_input_tokens", CACHE_READ_TOKENS, "output_tokens", outputTokens));
        return message;
    }

    /** The events of one text turn, {@code pauseMillis} apart, one word per delta. */
    static List<String> events(String model, String[] words) throws IOException {
        List<String> events = new ArrayList<>();
        events.add(event("message_start", Map.of("type", "message_start", "message", message(model, null, 1))));
        events.add(event("content_block_start", Map.of("type", "content_block_start", "index", 0,
                "content_block", Map.of("type", "text", "text", ""))));
        for (int i = 0; i < words.length; i++) {
            events.add(event("content_block_delta", Map.of("type", "content_block_delta", "index", 0,
                    "delta", Map.of("type", "text_delta", "text", (i == 0 ? "" : " ") + words[i]))));
        }
        events.add(event("content_block_stop", Map.of("type", "content_block_stop", "index", 0)));
        events.add(event("message_delta", Map.of("type", "message_delta", "delta",
                Map.of("stop_reason", "end_turn"), "usage", Map.of("output_tokens", words.length))));
        events.add(event("message_stop", Map.of("type", "message_stop")));
        return events;
    }

    private static String event(String name, Map<String, Object> data) throws IOException {
        return "event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
    }

    private static void stream(HttpExchange exchange, String model, String[] words, long pauseMillis)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("request-id", "req_stub");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String event : events(model, words)) {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (pauseMillis > 0) {
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("request-id", "req_stub");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
