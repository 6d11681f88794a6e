package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Agent activity, recorded at most once a minute (docs/logs-and-stream.md#agent-activity). */
class AgentActivityTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static RunEntries.NewEntry entry(EntryKind kind) {
        return new RunEntries.NewEntry(kind, EntryText.of("{}"), "", null);
    }

    @Test
    void theAgentsLogEntriesAreActivityServerEventsAreNot() {
        assertTrue(AgentActivity.isActivity(List.of(entry(EntryKind.EVENT), entry(EntryKind.LOG))));
        assertFalse(AgentActivity.isActivity(List.of(entry(EntryKind.EVENT))));
    }

    @Test
    void theFirstActivityIsRecorded() {
        assertEquals(NOW, AgentActivity.recordedAfter(null, NOW));
    }

    @Test
    void aRecordedTimeMovesAtMostOnceAMinute() {
        Instant thirtySecondsAgo = NOW.minusSeconds(30);
        assertEquals(thirtySecondsAgo, AgentActivity.recordedAfter(thirtySecondsAgo, NOW));
        assertEquals(NOW.minusSeconds(60), AgentActivity.recordedAfter(NOW.minusSeconds(60), NOW));
        assertEquals(NOW, AgentActivity.recordedAfter(NOW.minusSeconds(61), NOW));
    }
}
