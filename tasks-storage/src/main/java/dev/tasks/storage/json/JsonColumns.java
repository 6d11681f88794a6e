package dev.tasks.storage.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.Manifest;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON text columns to plain Java values ({@code Map}, {@code List}, {@code String},
 * {@code Number}, {@code Boolean}, null) and back. Maps keep key order; numbers keep their exact
 * value ({@code BigDecimal} for decimals).
 */
public final class JsonColumns {

    private static final int MAX_NESTING_DEPTH = 2000;

    /**
     * Columns hold what requests brought, so they are read without the parser's default limits on
     * string length (20 M characters) and nesting; views nest a stored document a few levels deeper.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final TypeReference<List<Map<String, Object>>> LIST_OF_OBJECTS = new TypeReference<>() { };

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            // Through UTF-8 bytes rather than a character buffer: a large document costs half as much.
            return new String(MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Null stays null (SQL NULL), so a column can tell "no value" from JSON {@code null} when it needs to. */
    public static String writeNullable(Object value) {
        return value == null ? null : write(value);
    }

    public static Object read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> readObject(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Map<String, Object>> readListOfObjects(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(text, LIST_OF_OBJECTS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run's manifest as its column holds it: an array of the entries' manifest objects. */
    public static String writeManifest(Manifest manifest) {
        return write(manifest.entries().stream().map(ArtifactEntry::toManifest).toList());
    }

    public static Manifest readManifest(String text) {
        return new Manifest(readListOfObjects(text).stream().map(ArtifactEntry::fromManifest).toList());
    }

    public static <T> List<T> readList(String text, Class<T> element) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readValue(text, MAPPER.getTypeFactory().constructCollectionType(List.class, element));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
