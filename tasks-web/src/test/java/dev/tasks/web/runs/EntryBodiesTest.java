package dev.tasks.web.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** logs-and-stream.md §1.4 (body fidelity), §5.2 (event type), §5.3 (timestamp). */
class EntryBodiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> slice(String body) {
        return EntryBodies.elements(body.getBytes(StandardCharsets.UTF_8), "entries");
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void elementsKeepKeyOrderEscapesAndNumberSpelling() {
        assertEquals(List.of("{\"z\":1.50,\"a\":\"\\u00e9 \\\" } ]\",\"e\":1E+3}", "{}"),
                slice("{\"other\":[1],\"entries\" : [ {\"z\" : 1.50 ,\n \"a\":\"\\u00e9 \\\" } ]\", \"e\":1E+3} , {} ]}"));
    }

    @Test
    void multiByteTextIsSlicedOnByteOffsets() {
        assertEquals(List.of("{\"u\":\"ü € 😀\"}", "{\"v\":2}"),
                slice("{\"pad\":\"ééé\",\"entries\":[{ \"u\" : \"ü € 😀\" },{\"v\":2}]}"));
    }

    @Test
    void theLastOccurrenceOfTheFieldWins() {
        assertEquals(List.of("{\"b\":2}"), slice("{\"entries\":[{\"a\":1}],\"entries\":[{\"b\":2}]}"));
        assertTrue(slice("{\"entries\":{}}").isEmpty());
    }

    @Test
    void eventTypes() throws Exception {
        assertEquals("", EntryBodies.eventType(json("{}")));
        assertEquals("", EntryBodies.eventType(json("{\"notification\":\"x\"}")));
        assertEquals("", EntryBodies.eventType(json("{\"notification\":{\"method\":5}}")));
        assertEquals("tool_call", EntryBodies.eventType(json(
                "{\"notification\":{\"method\":\"session/update\",\"params\":{\"update\":{\"sessionUpdate\":\"tool_call\"}}}}")));
        assertEquals("session/update", EntryBodies.eventType(json("{\"notification\":{\"method\":\"session/update\"}}")));
        assertEquals("_posthog/console", EntryBodies.eventType(json("{\"notification\":{\"method\":\"_posthog/console\"}}")));
        assertTrue(EntryBodies.isMessageChunk(json("{\"notification\":{\"method\":\"session/update\",\"params\":"
                + "{\"update\":{\"sessionUpdate\":\"agent_message_chunk\"}}}}")));
    }

    @Test
    void timestampsNeedAnOffset() throws Exception {
        assertEquals(Instant.parse("2026-01-01T10:00:00.500Z"),
                EntryBodies.timestamp(json("{\"timestamp\":\"2026-01-01T10:00:00.500Z\"}")));
        assertEquals(Instant.parse("2026-01-01T08:00:00Z"),
                EntryBodies.timestamp(json("{\"timestamp\":\"2026-01-01T10:00:00+02:00\"}")));
        assertNull(EntryBodies.timestamp(json("{\"timestamp\":\"2026-01-01T10:00:00\"}")));
        assertNull(EntryBodies.timestamp(json("{\"timestamp\":\"yesterday\"}")));
        assertNull(EntryBodies.timestamp(json("{\"timestamp\":5}")));
    }
}
