package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A response as a test sees it: status, headers, raw body, and the body as JSON. */
public record ApiResponse(int status, HttpHeaders headers, byte[] body) {

    static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text(), e);
        }
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Asserts the status, showing the body when it differs. */
    public ApiResponse expect(int expected) {
        assertEquals(expected, status, () -> "unexpected status; body: " + text());
        return this;
    }

    /** Asserts a Format A error: status, code, and (when given) detail and attr. */
    public ApiResponse expectError(int expectedStatus, String code, String detail, String attr) {
        expect(expectedStatus);
        JsonNode error = json();
        assertEquals(code, error.path("code").asText(), () -> "error body: " + text());
        if (detail != null) {
            assertEquals(detail, error.path("detail").asText(), () -> "error body: " + text());
        }
        if (attr != null) {
            assertEquals(attr, error.path("attr").asText(), () -> "error body: " + text());
        }
        return this;
    }
}
