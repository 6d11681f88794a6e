package dev.tasks.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Numbers with huge exponents ({@code 1e300000000}) are refused with the field's usual answer, at
 * once: they are never expanded into their digits.
 */
class HostileNumbersTest {

    // Expanding any of these numbers takes minutes and gigabytes; refusing them takes microseconds.
    private static final Duration AT_ONCE = Duration.ofSeconds(5);

    private static Fields body(String json) {
        var reader = new JsonBodyReader();
        reader.settings = new HttpSettings();
        reader.settings.maxRequestBytes = 1 << 20;
        ObjectNode object = reader.parse(json.getBytes(StandardCharsets.UTF_8), null, "application/json").object();
        return Fields.of(object, "");
    }

    private static ApiError refusal(Runnable read) {
        ApiException e = assertThrows(ApiException.class, () -> assertTimeoutPreemptively(AT_ONCE, read::run));
        return (ApiError) e.body();
    }

    @Test
    void aHugeExponentInALimitedStringFieldIsTooLong() {
        ApiError error = refusal(() -> body("{\"title\":1e300000000}").string("title", Fields.Text.of(255)));
        assertEquals("max_length", error.code());
        assertEquals("title", error.attr());
    }

    @Test
    void aHugeExponentInAnUnlimitedStringFieldIsNotAString() {
        ApiError error = refusal(() -> body("{\"d\":-1e300000000}").string("d", Fields.Text.of(Fields.UNLIMITED)));
        assertEquals("invalid", error.code());
        assertEquals("Not a valid string.", error.detail());
    }

    @Test
    void aTinyExponentIsAsLongAsItsZeros() {
        ApiError error = refusal(() -> body("{\"d\":1e-300000000}").string("d", Fields.Text.of(Fields.UNLIMITED)));
        assertEquals("invalid", error.code());
    }

    @Test
    void ordinaryNumbersStillBecomeTheirText() {
        Fields fields = body("{\"a\":5,\"b\":1.50,\"c\":1e3,\"d\":-0.001}");
        assertEquals("5", fields.string("a", Fields.Text.of(10)).value());
        assertEquals("1.5", fields.string("b", Fields.Text.of(10)).value());
        assertEquals("1000.0", fields.string("c", Fields.Text.of(10)).value());
        assertEquals("-0.001", fields.string("d", Fields.Text.of(10)).value());
    }

    @Test
    void aHugeIntegerIsOutOfRangeAtOnce() {
        assertEquals("max_value", refusal(() -> body("{\"n\":1e300000000}").integer("n", 0L, 100L, false)).code());
        assertEquals("min_value", refusal(() -> body("{\"n\":-1e300000000}").integer("n", 0L, 100L, false)).code());
        ApiError unbounded = refusal(() -> body("{\"n\":1e300000000}").integer("n", null, null, false));
        assertEquals("invalid", unbounded.code());
        assertEquals("A valid integer is required.", unbounded.detail());
        assertEquals("invalid", refusal(() -> body("{\"n\":1e-300000000}").integer("n", null, null, false)).code());
    }

    @Test
    void integralDecimalsAndIntegerTextStillCount() {
        Fields fields = body("{\"a\":5.0,\"b\":\"7\",\"c\":1E+2,\"d\":0E+300000000}");
        assertEquals(5L, fields.integer("a", null, null, false).value());
        assertEquals(7L, fields.integer("b", null, null, false).value());
        assertEquals(100L, fields.integer("c", null, null, false).value());
        assertEquals(0L, fields.integer("d", null, null, false).value());
    }

    @Test
    void relatedIdsAndChoicesAnswerWithoutExpanding() {
        assertEquals("invalid", refusal(() -> body("{\"id\":1e300000000}").relatedId("id", true)).code());
        ApiError choice = refusal(() -> body("{\"s\":1e300000000}").choice("s", text -> null, false));
        assertEquals("invalid_choice", choice.code());
        assertEquals("\"1E+300000000\" is not a valid choice.", choice.detail());
        assertEquals("invalid", refusal(() -> body("{\"b\":1e300000000}").bool("b")).code());
    }
}
