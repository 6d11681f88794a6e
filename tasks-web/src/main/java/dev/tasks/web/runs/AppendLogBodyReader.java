package dev.tasks.web.runs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tasks.domain.run.EntryText;
import dev.tasks.domain.run.LogEntry;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.HttpSettings;
import dev.tasks.web.http.Json;
import dev.tasks.web.http.JsonBodyReader;
import dev.tasks.web.http.RequestBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code append_log/} bodies in one streaming pass over the request's buffer, without a tree:
 * the syntax of the whole body is checked as for every body (docs/identity.md#request-conventions), each entry's extent
 * is taken from the tokenizer's offsets and the few values the service derives from an entry are read
 * on the way (docs/logs-and-stream.md, "Entries" and "Event types and timestamps"). Entries are then compacted in
 * place, so an entry reaches the database as a window on the request buffer, never as a copy.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class AppendLogBodyReader implements MessageBodyReader<AppendLogBody> {

    static final String FIELD = "entries";

    @Inject
    RequestBody body;

    @Inject
    HttpSettings http;

    private volatile JsonFactory factory;

    @Inject
    StreamSettings settings;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == AppendLogBody.class;
    }

    @Override
    public AppendLogBody readFrom(Class<AppendLogBody> type, Type genericType, Annotation[] annotations,
                                  MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entity)
            throws IOException {
        byte[] raw = body.read(entity, headers);
        return parse(raw, JsonBodyReader.isNonEmptyJson(raw, mediaType, headers.getFirst("Content-Type")));
    }

    AppendLogBody parse(byte[] raw, boolean nonEmpty) {
        Scan scan = new Scan();
        if (nonEmpty) {
            JsonBodyReader.requireUtf8(raw);
            try (JsonParser parser = factory().createParser(raw)) {
                scan.document(parser);
            } catch (IOException e) {
                throw JsonBodyReader.parseError(e);
            }
        }
        return new AppendLogBody(scan.entries(raw, settings.maxEntryBytes()));
    }

    private JsonFactory factory() {
        if (factory == null) {
            factory = Json.requestMapper(http.maxRequestBytes()).getFactory();
        }
        return factory;
    }

    /** What one pass over a body found. The last {@code entries} key wins, as in a parsed tree. */
    private static final class Scan {
        /** Null: no {@code entries} key; else the type of its value ({@code list} or another). */
        private String type;
        private final List<Found> found = new ArrayList<>();

        void document(JsonParser parser) throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return;
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw JsonBodyReader.notAnObject(Json.typeName(first));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (FIELD.equals(name)) {
                    found.clear();
                    type = Json.typeName(value);
                    if (value == JsonToken.START_ARRAY) {
                        elements(parser);
                    } else {
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }

        private void elements(JsonParser parser) throws IOException {
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                long start = parser.currentTokenLocation().getByteOffset();
                if (element == JsonToken.START_OBJECT) {
                    Fields fields = new Fields();
                    fields.entry(parser);
                    found.add(new Found(null, start, parser.currentLocation().getByteOffset(), fields));
                } else {
                    found.add(new Found(Json.typeName(element), start, start, null));
                    parser.skipChildren();
                }
            }
        }

        /** The entries, after the field rules of docs/logs-and-stream.md#appending-log-entries in PostHog's order. */
        List<LogEntry> entries(byte[] raw, long maxEntryBytes) {
            if (type == null) {
                throw ApiException.validation("required", "This field is required.", FIELD);
            }
            if ("NoneType".equals(type)) {
                throw ApiException.validation("null", "This field may not be null.", FIELD);
            }
            if (!"list".equals(type)) {
                throw ApiException.validation("not_a_list",
                        "Expected a list of items but got type \"" + type + "\".", FIELD);
            }
            if (found.isEmpty()) {
                throw ApiException.invalidInput("At least one log entry is required", FIELD);
            }
            for (int i = 0; i < found.size(); i++) {
                Found entry = found.get(i);
                String attr = FIELD + "__" + i;
                if (entry.notAnObject() != null) {
                    throw ApiException.validation("not_a_dict",
                            "Expected a dictionary of items but got type \"" + entry.notAnObject() + "\".", attr);
                }
                if (entry.end() - entry.start() > maxEntryBytes) {
                    throw ApiException.entryTooLarge(maxEntryBytes, attr);
                }
            }
            List<LogEntry> entries = new ArrayList<>(found.size());
            for (Found entry : found) {
                int start = (int) entry.start();
                int length = compact(raw, start, (int) entry.end());
                entries.add(LogEntry.of(EntryText.of(raw, start, length), entry.fields().method,
                        entry.fields().sessionUpdate, entry.fields().timestamp));
            }
            return entries;
        }
    }

    /** One element of the list: its extent in the body, and either why it is not an entry or what it says. */
    private record Found(String notAnObject, long start, long end, Fields fields) {
    }

    /**
     * The values of an entry the service derives its columns from, each null when absent or not a
     * string: {@code timestamp}, {@code notification.method} and
     * {@code notification.params.update.sessionUpdate}. A later duplicate key replaces an earlier one.
     */
    private static final class Fields {
        String timestamp;
        String method;
        String sessionUpdate;

        /** Reads an object whose {@code START_OBJECT} is the current token, through its {@code END_OBJECT}. */
        void entry(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "timestamp" -> timestamp = shortText(parser, value);
                    case "notification" -> {
                        method = null;
                        sessionUpdate = null;
                        if (value == JsonToken.START_OBJECT) {
                            notification(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }

        private void notification(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("method".equals(name)) {
                    method = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                } else if ("params".equals(name) && value == JsonToken.START_OBJECT) {
                    sessionUpdate = text(parser, "update", "sessionUpdate");
                } else {
                    if ("params".equals(name)) {
                        sessionUpdate = null;
                    }
                    parser.skipChildren();
                }
            }
        }

        /**
         * The string at {@code path} inside the object whose start is the current token, or null; reads
         * through the object's end.
         */
        private static String text(JsonParser parser, String... path) throws IOException {
            String found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!path[0].equals(name)) {
                    parser.skipChildren();
                } else if (path.length == 1) {
                    found = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                } else if (value == JsonToken.START_OBJECT) {
                    found = text(parser, Arrays.copyOfRange(path, 1, path.length));
                } else {
                    found = null;
                    parser.skipChildren();
                }
            }
            return found;
        }

        /** A string value that could be a timestamp; longer ones are not read at all. */
        private static String shortText(JsonParser parser, JsonToken value) throws IOException {
            if (value != JsonToken.VALUE_STRING) {
                parser.skipChildren();
                return null;
            }
            return parser.getTextLength() <= LogEntry.MAX_TIMESTAMP_LENGTH ? parser.getText() : null;
        }
    }

    /**
     * Drops the whitespace outside strings from {@code bytes[start, end)} in place and returns the
     * new length: the entry keeps its key order, escapes and number spelling exactly.
     */
    static int compact(byte[] bytes, int start, int end) {
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
            bytes[start + length++] = b;
        }
        return length;
    }
}
