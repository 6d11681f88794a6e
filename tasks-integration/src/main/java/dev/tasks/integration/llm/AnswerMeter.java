package dev.tasks.integration.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.llm.ModelUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the model and the token counts off a model provider's answer as its bytes pass through,
 * without keeping the answer: of a stream of server-sent events only the current line (at most
 * {@link #MAX_LINE} bytes; a longer one is skipped), of a plain JSON answer at most
 * {@link #MAX_JSON} bytes. Anthropic's Messages API reports the input and cache tokens in
 * {@code message_start} and the output tokens, counted so far, in each {@code message_delta}.
 */
final class AnswerMeter {

    /** The longest event line read for usage; the text deltas that make up most lines are shorter. */
    static final int MAX_LINE = 1024 * 1024;
    /** The longest non-streamed answer read for usage. */
    static final int MAX_JSON = 4 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean events;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean overflow;
    private String model;
    private long input;
    private long output;
    private long cacheCreation;
    private long cacheRead;

    /** @param contentType the answer's {@code Content-Type}; {@code text/event-stream} is read as events */
    AnswerMeter(String contentType, String requestedModel) {
        this.events = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        this.model = requestedModel;
    }

    /** The next bytes of the answer. */
    void accept(byte[] bytes, int offset, int length) {
        if (!events) {
            if (!overflow && pending.size() + length <= MAX_JSON) {
                pending.write(bytes, offset, length);
            } else {
                overflow = true;
            }
            return;
        }
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                line();
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    private void append(byte[] bytes, int offset, int length) {
        if (overflow || length == 0) {
            return;
        }
        if (pending.size() + length > MAX_LINE) {
            overflow = true;
            pending.reset();
            return;
        }
        pending.write(bytes, offset, length);
    }

    private void line() {
        boolean skipped = overflow;
        overflow = false;
        if (skipped) {
            pending.reset();
            return;
        }
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (!line.startsWith("data:") || !(line.contains("message_start") || line.contains("message_delta"))) {
            return;
        }
        try {
            JsonNode event = JSON.readTree(line.substring("data:".length()).strip());
            if (event == null) {
                return;
            }
            switch (event.path("type").asText()) {
                case "message_start" -> take(event.path("message"));
                case "message_delta" -> counts(event.path("usage"));
                default -> { }
            }
        } catch (IOException e) {
            // Not JSON: not an event that carries usage.
        }
    }

    private void take(JsonNode message) {
        if (message.path("model").isTextual()) {
            model = message.get("model").asText();
        }
        counts(message.path("usage"));
    }

    /** Counts are cumulative: the largest seen of each is the answer's. */
    private void counts(JsonNode usage) {
        input = Math.max(input, usage.path("input_tokens").asLong(0));
        output = Math.max(output, usage.path("output_tokens").asLong(0));
        cacheCreation = Math.max(cacheCreation, usage.path("cache_creation_input_tokens").asLong(0));
        cacheRead = Math.max(cacheRead, usage.path("cache_read_input_tokens").asLong(0));
    }

    /** The answer is over: a plain JSON answer is read now. */
    void finish() {
        if (events) {
            line();
            return;
        }
        if (!overflow && pending.size() > 0) {
            try {
                JsonNode answer = JSON.readTree(pending.toByteArray());
                if (answer != null) {
                    take(answer);
                }
            } catch (IOException e) {
                // Not JSON (an error page): no usage.
            }
            pending.reset();
        }
    }

    /** What the answer reported (after {@link #finish()}). */
    ModelUsage usage() {
        return new ModelUsage(input, output, cacheCreation, cacheRead);
    }

    /**
     * The {@code model} a Messages request names at its top level, read with the streaming parser
     * (no tree of the whole request is built); null when it names none or is not JSON.
     */
    static String requestedModel(byte[] request) {
        try (JsonParser parser = JSON.getFactory().createParser(request)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("model".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The model the answer names, else the one the request asked for; null when neither did. */
    String model() {
        return model;
    }
}
