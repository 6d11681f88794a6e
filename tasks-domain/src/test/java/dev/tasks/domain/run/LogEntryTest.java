package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Streaming fragments, event types and timestamps (docs/logs-and-stream.md, "Streaming fragments" and "Event types and
 * timestamps").
 */
class LogEntryTest {

    private static final EntryText TEXT = EntryText.of("{}");

    @Test
    void theEventTypeIsTheSessionUpdateKindThenTheMethod() {
        assertEquals("", LogEntry.of(TEXT, null, null, null).eventType());
        assertEquals("", LogEntry.of(TEXT, null, "tool_call", null).eventType());
        assertEquals("tool_call", LogEntry.of(TEXT, "session/update", "tool_call", null).eventType());
        assertEquals("session/update", LogEntry.of(TEXT, "session/update", null, null).eventType());
        assertEquals("_posthog/console", LogEntry.of(TEXT, "_posthog/console", "tool_call", null).eventType());
    }

    @Test
    void onlyMessageChunksOfSessionUpdatesAreFragments() {
        assertTrue(LogEntry.of(TEXT, "session/update", "agent_message_chunk", null).streamingFragment());
        assertFalse(LogEntry.of(TEXT, "session/update", "agent_message", null).streamingFragment());
        assertFalse(LogEntry.of(TEXT, "other", "agent_message_chunk", null).streamingFragment());
    }

    @Test
    void timestampsNeedAnOffset() {
        assertEquals(Instant.parse("2026-01-01T10:00:00.500Z"),
                LogEntry.of(TEXT, null, null, "2026-01-01T10:00:00.500Z").timestamp());
        assertEquals(Instant.parse("2026-01-01T08:00:00Z"),
                LogEntry.of(TEXT, null, null, "2026-01-01T10:00:00+02:00").timestamp());
        assertNull(LogEntry.of(TEXT, null, null, "2026-01-01T10:00:00").timestamp());
        assertNull(LogEntry.of(TEXT, null, null, "yesterday").timestamp());
        assertNull(LogEntry.of(TEXT, null, null, "2026-01-01T10:00:00Z" + " ".repeat(100)).timestamp());
    }

    @Test
    void theStoredEntryKeepsTheTextAndWhatWasDerived() {
        var entry = LogEntry.of(EntryText.of("{\"a\":1}"), "m", null, "2026-01-01T00:00:00Z").toNewEntry();
        assertEquals(EntryKind.LOG, entry.kind());
        assertEquals("{\"a\":1}", entry.body().toString());
        assertEquals("m", entry.eventType());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), entry.timestamp());
    }

    @Test
    void textsAreWindowsOnABuffer() {
        byte[] buffer = "xx{\"é\":1}yy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EntryText text = EntryText.of(buffer, 2, buffer.length - 4);
        assertEquals("{\"é\":1}", text.toString());
        assertEquals(EntryText.of("{\"é\":1}"), text);
        assertEquals(8, text.length());
    }
}
