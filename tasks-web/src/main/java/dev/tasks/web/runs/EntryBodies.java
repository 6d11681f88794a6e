package dev.tasks.web.runs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text and the derived columns of log entries (logs-and-stream.md §1.4, §5.2, §5.3). An entry's
 * text is cut out of the request bytes and only its insignificant whitespace is dropped, so key
 * order, escapes and number spelling reach readers exactly as the agent sent them.
 */
public final class EntryBodies {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EntryBodies() {
    }

    /**
     * The compact text of each element of the top-level {@code field} array of a JSON object body
     * that has already been parsed successfully (the last occurrence wins, as in the parsed tree).
     */
    public static List<String> elements(byte[] body, String field) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            List<String> texts = List.of();
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return texts;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field) && value == JsonToken.START_ARRAY) {
                    texts = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getByteOffset();
                        texts.add(compact(body, start, end));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException("the body was parsed before, it cannot fail now", e);
        }
    }

    /** {@code bytes[start, end)} without whitespace outside strings. */
    static String compact(byte[] bytes, int start, int end) {
        byte[] out = new byte[end - start];
        int length = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            out[length++] = b;
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /** The entry's event type (§5.2): the session-update kind, else the notification method, else "". */
    public static String eventType(JsonNode entry) {
        JsonNode notification = entry.get("notification");
        if (notification == null || !notification.isObject()) {
            return "";
        }
        JsonNode method = notification.get("method");
        if (method == null || !method.isTextual()) {
            return "";
        }
        if ("session/update".equals(method.textValue())) {
            JsonNode update = notification.path("params").path("update").path("sessionUpdate");
            return update.isTextual() ? update.textValue() : method.textValue();
        }
        return method.textValue();
    }

    /** Streaming fragments, which are never stored nor streamed (§2 rule 2). */
    public static boolean isMessageChunk(JsonNode entry) {
        JsonNode notification = entry.path("notification");
        return "session/update".equals(notification.path("method").textValue())
                && "agent_message_chunk".equals(notification.path("params").path("update").path("sessionUpdate")
                .textValue());
    }

    /** The top-level {@code timestamp} with its offset (§5.3); null when missing, unparsable or offset-less. */
    public static Instant timestamp(JsonNode entry) {
        JsonNode timestamp = entry.get("timestamp");
        if (timestamp == null || !timestamp.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
