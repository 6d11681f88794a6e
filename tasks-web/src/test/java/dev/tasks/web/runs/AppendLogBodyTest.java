package dev.tasks.web.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.run.LogEntry;
import dev.tasks.web.http.ApiError;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.HttpSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reading of {@code append_log/} bodies: body fidelity (docs/logs-and-stream.md#entries), the
 * derived values (docs/logs-and-stream.md#event-types-and-timestamps), the field rules and the entry size
 * limit (docs/logs-and-stream.md#appending-log-entries).
 */
class AppendLogBodyTest {

    private static AppendLogBodyReader reader(long maxEntryBytes) {
        var reader = new AppendLogBodyReader();
        reader.http = new HttpSettings() {
            @Override
            public long maxRequestBytes() {
                return 1 << 20;
            }
        };
        reader.settings = new StreamSettings();
        reader.settings.maxEntryBytes = maxEntryBytes;
        return reader;
    }

    private static List<LogEntry> read(String body) {
        return reader(1 << 20).parse(body.getBytes(StandardCharsets.UTF_8), !body.isEmpty()).entries();
    }

    private static List<String> texts(String body) {
        return read(body).stream().map(entry -> entry.text().toString()).toList();
    }

    private static ApiError error(String body) {
        return (ApiError) assertThrows(ApiException.class, () -> read(body)).body();
    }

    @Test
    void entriesKeepKeyOrderEscapesAndNumberSpelling() {
        assertEquals(List.of("{\"z\":1.50,\"a\":\"\\u00e9 \\\" } ]\",\"e\":1E+3}", "{}"),
                texts("{\"other\":[1],\"entries\" : [ {\"z\" : 1.50 ,\n \"a\":\"\\u00e9 \\\" } ]\", \"e\":1E+3} , {} ]}"));
    }

    @Test
    void multiByteTextIsCutOnByteOffsets() {
        assertEquals(List.of("{\"u\":\"ü € 😀\"}", "{\"v\":2}"),
                texts("{\"pad\":\"ééé\",\"entries\":[{ \"u\" : \"ü € 😀\" },{\"v\":2}]}"));
    }

    @Test
    void theLastOccurrenceOfTheFieldWins() {
        assertEquals(List.of("{\"b\":2}"), texts("{\"entries\":[{\"a\":1}],\"entries\":[{\"b\":2}]}"));
        assertEquals("not_a_list", error("{\"entries\":[{\"a\":1}],\"entries\":{}}").code());
    }

    @Test
    void eventTypesAndFragmentsComeFromTheNotification() {
        List<LogEntry> entries = read("{\"entries\":[{},{\"notification\":\"x\"},{\"notification\":{\"method\":5}},"
                + "{\"notification\":{\"method\":\"session/update\",\"params\":{\"update\":{\"sessionUpdate\":\"tool_call\"}}}},"
                + "{\"notification\":{\"params\":{\"update\":{\"sessionUpdate\":\"agent_message_chunk\"}},"
                + "\"method\":\"session/update\"}},"
                + "{\"notification\":{\"method\":\"session/update\",\"params\":{\"update\":{\"sessionUpdate\":\"x\"}},"
                + "\"params\":5}},"
                + "{\"notification\":{\"method\":\"_posthog/console\"},\"notification\":{\"method\":\"later\"}}]}");
        assertEquals(List.of("", "", "", "tool_call", "agent_message_chunk", "session/update", "later"),
                entries.stream().map(LogEntry::eventType).toList());
        assertTrue(entries.get(4).streamingFragment());
    }

    @Test
    void theTimestampIsTheTopLevelOne() {
        List<LogEntry> entries = read("{\"entries\":[{\"timestamp\":\"2026-01-01T10:00:00+02:00\"},"
                + "{\"x\":{\"timestamp\":\"2026-01-01T10:00:00Z\"}},{\"timestamp\":5},"
                + "{\"timestamp\":\"2026-01-01T10:00:00Z\",\"timestamp\":null}]}");
        assertEquals(Instant.parse("2026-01-01T08:00:00Z"), entries.get(0).timestamp());
        assertNull(entries.get(1).timestamp());
        assertNull(entries.get(2).timestamp());
        assertNull(entries.get(3).timestamp());
    }

    @Test
    void theFieldRulesComeInPostHogsOrder() {
        assertEquals("required", error("{}").code());
        assertEquals("required", error("").code());
        assertEquals("null", error("{\"entries\":null}").code());
        ApiError notAList = error("{\"entries\":\"x\"}");
        assertEquals("not_a_list", notAList.code());
        assertEquals("Expected a list of items but got type \"str\".", notAList.detail());
        assertEquals("invalid_input", error("{\"entries\":[]}").code());
        ApiError notADict = error("{\"entries\":[{},[1],5]}");
        assertEquals("not_a_dict", notADict.code());
        assertEquals("entries__1", notADict.attr());
        assertEquals("Expected a dictionary of items but got type \"list\".", notADict.detail());
    }

    @Test
    void syntaxIsCheckedBeforeFields() {
        assertEquals("parse_error", error("{\"entries\":5, \"x\": [}").code());
        assertEquals("parse_error", error("{\"entries\":[{\"a\":1}").code());
        ApiError notAnObject = error("[1,2]");
        assertEquals("invalid", notAnObject.code());
        assertEquals("Invalid data. Expected a dictionary, but got list.", notAnObject.detail());
        byte[] invalidUtf8 = "{\"entries\":[{\"a\":\"x?\"}],\"b\":\"c?\"}".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[19] = (byte) 0xFF;
        ApiException e = assertThrows(ApiException.class, () -> reader(1 << 20).parse(invalidUtf8, true));
        assertEquals("parse_error", ((ApiError) e.body()).code());
        byte[] skippedInvalid = "{\"b\":\"c?\",\"entries\":[{}]}".getBytes(StandardCharsets.UTF_8);
        skippedInvalid[7] = (byte) 0xFF;
        e = assertThrows(ApiException.class, () -> reader(1 << 20).parse(skippedInvalid, true));
        assertEquals("parse_error", ((ApiError) e.body()).code());
        // Overlong forms and surrogates, which a lenient decoder lets through into storage.
        for (byte[] sequence : new byte[][] {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            byte[] body = ("{\"entries\":[{\"a\":\"" + "x".repeat(sequence.length) + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            System.arraycopy(sequence, 0, body, 18, sequence.length);
            e = assertThrows(ApiException.class, () -> reader(1 << 20).parse(body, true));
            assertEquals("parse_error", ((ApiError) e.body()).code());
        }
    }

    @Test
    void anEntryOverTheLimitIsRefusedWithItsPosition() {
        byte[] body = ("{\"entries\":[{\"a\":1},{\"b\":\"" + "x".repeat(100) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        ApiException e = assertThrows(ApiException.class, () -> reader(64).parse(body, true));
        assertEquals(413, e.status());
        ApiError error = (ApiError) e.body();
        assertEquals("entries__1", error.attr());
        assertEquals("request_too_large", error.code());
        assertEquals("Log entry exceeds 64 bytes.", error.detail());
    }
}
