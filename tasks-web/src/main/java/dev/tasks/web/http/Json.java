package dev.tasks.web.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tasks.domain.shared.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one JSON configuration of the WAR. Views are records whose components serialise in
 * declaration order, with snake_case names (PostHog's wire names); timestamps as
 * {@code 2026-01-01T12:00:00.123456Z}; decimals keep their exact value; nothing is pretty-printed.
 * Request bodies may nest at most 1000 levels deep and hold strings as long as the request limit.
 */
public final class Json {

    /** Model timestamps: UTC, six fractional digits, {@code Z}. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final int MAX_NESTING_DEPTH = 1000;

    public static final ObjectMapper MAPPER = mapper(Integer.MAX_VALUE);

    private Json() {
    }

    static ObjectMapper mapper(int maxStringLength) {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .addModule(new SimpleModule("tasks").addSerializer(Instant.class, new InstantSerializer()))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(maxStringLength)
                .build());
        // A stored document may nest as deep as a request allows, and views wrap it a few levels deeper.
        mapper.getFactory().setStreamWriteConstraints(StreamWriteConstraints.builder()
                .maxNestingDepth(2 * MAX_NESTING_DEPTH)
                .build());
        return mapper;
    }

    /** The parser of request bodies: nesting depth bounded, strings as long as a whole body. */
    public static ObjectMapper requestMapper(long maxRequestBytes) {
        return mapper((int) Math.min(Integer.MAX_VALUE, maxRequestBytes));
    }

    public static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }

    public static String offsetTimestamp(Instant instant) {
        return Timestamps.offsetForm(instant);
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tree of JSON text the service wrote itself (stored documents); malformed text is a bug. */
    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON tree as plain Java values: maps (ordered), lists, strings, numbers, booleans, null. */
    public static Object plain(JsonNode node) {
        return MAPPER.convertValue(node, Object.class);
    }

    /** The Python type name PostHog's messages use for a JSON value. */
    public static String typeName(JsonNode node) {
        if (node == null || node.isNull()) {
            return "NoneType";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        if (node.isNumber()) {
            return "float";
        }
        if (node.isArray()) {
            return "list";
        }
        return "dict";
    }

    /** The Python type name of the value a token starts. */
    public static String typeName(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "dict";
            case START_ARRAY -> "list";
            case VALUE_STRING -> "str";
            case VALUE_NUMBER_INT -> "int";
            case VALUE_NUMBER_FLOAT -> "float";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> "NoneType";
        };
    }

    private static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(TIMESTAMP.format(value));
        }
    }
}
