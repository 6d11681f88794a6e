package dev.tasks.storage.jdbc;

import static dev.tasks.storage.jdbc.Entries.notification;
import static dev.tasks.storage.jdbc.Entries.runState;
import static dev.tasks.storage.jdbc.Entries.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasks.domain.run.RunEntries.Entry;
import dev.tasks.domain.run.RunEntries.EntrySize;
import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/logs-and-stream.md, "Entries" and "Session logs", on the {@code session_logs/} queries of
 * {@link JdbcRunEntries}: {@code countLogs}, {@code logSizes} and {@code readLogs} see one run's
 * {@code log} entries after a sequence number, keep those timestamped strictly after {@code after}
 * (dropping entries without a timestamp), those of the included event types and not of the excluded
 * ones, in order; sizes are UTF-8 bytes, paged by offset and limit; reads stop at a last sequence
 * number, at a count and at a number of bytes (but always hold one entry).
 */
abstract class LogFilterContract extends EntryStoreContract {

    private static final Instant T = Instant.parse("2026-02-01T10:00:00Z");
    private static final long ALL = Long.MAX_VALUE;

    /** The run's entries, seq 1 to 8; seq 2 is a server event, the others are log entries. */
    private final List<NewEntry> sent = List.of(
            notification("user_message", "2026-01-01T10:00:00Z"),
            runState("queued"),
            notification("agent_message", "2026-01-01T10:05:00Z"),
            notification("tool_call", "2026-01-01T10:10:00Z"),
            notification("tool_result", "2026-01-01T10:15:00Z"),
            text("sans horodatage, déjà vu"),
            notification("tool_call", "2026-01-01T10:20:00Z"),
            notification("_posthog/console", "2026-01-01T10:25:00+01:00"));
    private RunId run;

    @BeforeAll
    void appendTheLog() throws Exception {
        run = store.newRun();
        store.append(run, T, sent.toArray(NewEntry[]::new));
        store.append(store.newRun(), T, notification("tool_call", "2026-01-01T10:30:00Z"));
    }

    @Test
    void seeTheRunsLogEntriesOnly() {
        assertSelects(LogFilter.NONE, List.of(1L, 3L, 4L, 5L, 6L, 7L, 8L));
    }

    @Test
    void startAfterASequenceNumber() {
        assertEquals(4, store.entries.countLogs(run, 4, LogFilter.NONE));
        assertEquals(List.of(5L, 6L, 7L, 8L), sizeSeqs(store.entries.logSizes(run, 4, LogFilter.NONE, 0, 100)));
        assertEquals(List.of(5L, 6L, 7L, 8L), seqs(store.entries.readLogs(run, 4, ALL, LogFilter.NONE, 100, ALL)));
    }

    @Test
    void keepEntriesTimestampedStrictlyAfterAndDropThoseWithoutTimestamp() {
        assertSelects(new LogFilter(Instant.parse("2026-01-01T10:05:00Z"), null, null), List.of(4L, 5L, 7L));
    }

    @Test
    void compareTimestampsToTheSubSecond() throws Exception {
        RunId precise = store.newRun();
        store.append(precise, T, notification("tool_call", "2026-01-01T10:00:00Z"),
                notification("tool_call", "2026-01-01T10:00:00.500Z"),
                notification("tool_call", "2026-01-01T10:00:01Z"));

        var after = new LogFilter(Instant.parse("2026-01-01T10:00:00Z"), null, null);

        assertEquals(List.of(2L, 3L), seqs(store.entries.readLogs(precise, 0, ALL, after, 100, ALL)));
    }

    @Test
    void keepTheIncludedEventTypes() {
        assertSelects(new LogFilter(null, List.of("tool_call", "tool_result"), null), List.of(4L, 5L, 7L));
    }

    @Test
    void dropTheExcludedEventTypes() {
        assertSelects(new LogFilter(null, null, List.of("agent_message", "_posthog/console")),
                List.of(1L, 4L, 5L, 6L, 7L));
    }

    @Test
    void combineTheFilters() {
        assertSelects(new LogFilter(Instant.parse("2026-01-01T10:01:00Z"), List.of("tool_call", "tool_result"),
                List.of("tool_result")), List.of(4L, 7L));
    }

    @Test
    void sizeAPageOfEntriesByOffsetAndLimitInUtf8Bytes() {
        List<EntrySize> page = store.entries.logSizes(run, 0, LogFilter.NONE, 2, 3);

        assertEquals(List.of(new EntrySize(4, bytes(4)), new EntrySize(5, bytes(5)), new EntrySize(6, bytes(6))), page);
    }

    @Test
    void readLogsThroughALastSequenceNumber() {
        List<Entry> read = store.entries.readLogs(run, 1, 5, LogFilter.NONE, 100, ALL);

        assertEquals(List.of(body(3), body(4), body(5)), bodies(read));
    }

    @Test
    void readLogsStopsAtTheLimitOrAfterTheEntryThatReachesMaxBytes() {
        long two = bytes(1) + bytes(3);

        assertAll(
                () -> assertEquals(List.of(1L, 3L), seqs(store.entries.readLogs(run, 0, ALL, LogFilter.NONE, 2, ALL)),
                        "limit"),
                () -> assertEquals(List.of(1L), seqs(store.entries.readLogs(run, 0, ALL, LogFilter.NONE, 100, 1)),
                        "below the first"),
                () -> assertEquals(List.of(1L, 3L), seqs(store.entries.readLogs(run, 0, ALL, LogFilter.NONE, 100, two)),
                        "two"),
                () -> assertEquals(List.of(1L, 3L, 4L),
                        seqs(store.entries.readLogs(run, 0, ALL, LogFilter.NONE, 100, two + 1)),
                        "the third crosses the limit and ends the page"));
    }

    /** {@code filter} selects exactly {@code expected} of the run, as counted, sized and read. */
    private void assertSelects(LogFilter filter, List<Long> expected) {
        assertAll(
                () -> assertEquals(expected.size(), store.entries.countLogs(run, 0, filter), "count"),
                () -> assertEquals(expected, sizeSeqs(store.entries.logSizes(run, 0, filter, 0, 100)), "sizes"),
                () -> assertEquals(expected, seqs(store.entries.readLogs(run, 0, ALL, filter, 100, ALL)), "read"));
    }

    /** The text of the entry sent as number {@code seq}. */
    private String body(int seq) {
        return sent.get(seq - 1).body().toString();
    }

    /** The size in UTF-8 bytes of the entry sent as number {@code seq}. */
    private long bytes(int seq) {
        return sent.get(seq - 1).body().length();
    }

    private static List<Long> sizeSeqs(List<EntrySize> sizes) {
        return sizes.stream().map(EntrySize::seq).toList();
    }
}
