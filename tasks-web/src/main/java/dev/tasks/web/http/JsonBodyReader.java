package dev.tasks.web.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads every JSON request body, in the order PostHog checks it: size (413, before parsing), media
 * type (415, only for a non-empty body), syntax (400 {@code parse_error}, including invalid UTF-8
 * and nesting deeper than 1000 levels), then "is it an object" (400 {@code invalid}).
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class JsonBodyReader implements MessageBodyReader<JsonBody> {

    @Inject
    HttpSettings settings;

    @Inject
    RequestBody body;

    private volatile ObjectMapper mapper;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonBody.class;
    }

    @Override
    public JsonBody readFrom(Class<JsonBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                             MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        JsonBody parsed = parse(body.read(entity, headers), mediaType, headers.getFirst("Content-Type"));
        body.parsed();
        return parsed;
    }

    JsonBody parse(byte[] raw, MediaType mediaType, String contentTypeHeader) {
        if (!isNonEmptyJson(raw, mediaType, contentTypeHeader)) {
            return JsonBody.empty();
        }
        requireUtf8(raw);
        JsonNode node;
        try {
            node = mapper().readTree(raw);
        } catch (IOException e) {
            throw parseError(e);
        }
        if (node == null || node.isMissingNode()) {
            return JsonBody.empty();
        }
        if (!node.isObject()) {
            throw notAnObject(Json.typeName(node));
        }
        return new JsonBody((ObjectNode) node);
    }

    /**
     * Whether a body is to be parsed: an empty one reads as {@code {}}; a non-empty one must be JSON
     * when it names a media type (else 415).
     */
    public static boolean isNonEmptyJson(byte[] raw, MediaType mediaType, String contentTypeHeader) {
        if (raw.length == 0) {
            return false;
        }
        if (contentTypeHeader != null && !isJson(mediaType)) {
            throw ApiException.unsupportedMediaType(contentTypeHeader);
        }
        return true;
    }

    /**
     * 400 {@code parse_error} unless the body is strictly valid UTF-8: the parser alone lets overlong
     * forms and surrogates through in strings it skips. One pass, 8 KiB of characters at a time.
     */
    public static void requireUtf8(byte[] raw) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw ApiException.validation("parse_error", "JSON parse error - Invalid UTF-8 byte sequence at byte "
                        + in.position(), null);
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** 400 {@code parse_error} for a body the parser refused, without class names or stack frames. */
    public static ApiException parseError(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            // The limit's message names the Jackson setting; keep the problem, drop the reference.
            return ApiException.validation("parse_error", "JSON parse error - "
                    + limit.getOriginalMessage().replaceAll(", from `[^`]*`", ""), null);
        }
        if (e instanceof JsonProcessingException json) {
            return ApiException.validation("parse_error", parseErrorDetail(json), null);
        }
        return ApiException.validation("parse_error", "JSON parse error - " + e.getMessage(), null);
    }

    /** 400 {@code invalid}: the top-level value is not an object. */
    public static ApiException notAnObject(String typeName) {
        return ApiException.validation("invalid", "Invalid data. Expected a dictionary, but got " + typeName + ".", null);
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = Json.requestMapper(settings.maxRequestBytes());
        }
        return mapper;
    }

    static boolean isJson(MediaType mediaType) {
        if (mediaType == null) {
            return true;
        }
        return "application".equalsIgnoreCase(mediaType.getType())
                && ("json".equalsIgnoreCase(mediaType.getSubtype()) || mediaType.getSubtype().toLowerCase().endsWith("+json"));
    }

    /** The parser's complaint with its position, never a class name or a stack frame. */
    static String parseErrorDetail(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message += ": line " + location.getLineNr() + " column " + location.getColumnNr()
                    + " (char " + location.getByteOffset() + ")";
        }
        return "JSON parse error - " + message;
    }
}
