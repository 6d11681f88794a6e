package dev.tasks.domain.run;

import java.time.Instant;
import java.util.List;

/**
 * The entries port: each run's append-only sequence of log entries and server events, numbered from
 * 1 without gaps (logs-and-stream.md §1).
 */
public interface RunEntries {

    /**
     * An entry to append.
     *
     * @param body the entry's compact JSON text, stored and returned verbatim
     * @param eventType derived from the body (logs-and-stream.md §5.2), {@code ""} when none
     * @param timestamp the body's top-level {@code timestamp}, or null
     */
    record NewEntry(EntryKind kind, EntryText body, String eventType, Instant timestamp) {
    }

    /** A stored entry. */
    record Entry(RunId run, long seq, EntryKind kind, EntryText body) {
    }

    /**
     * Appends the entries in order under the run's row lock, in the caller's transaction, and bumps
     * the run's {@code updated_at}. The cost does not depend on how many entries the run holds.
     *
     * @return the sequence number of the last entry appended
     */
    long append(RunId run, List<NewEntry> entries, Instant now);

    /**
     * Up to {@code limit} entries with {@code seq > afterSeq}, in order, holding together at most
     * {@code maxBytes} of text, except that the first entry is always included; {@code kind} null
     * means both kinds. Readers page with this, so a few large entries never fill the heap.
     */
    List<Entry> read(RunId run, EntryKind kind, long afterSeq, int limit, long maxBytes);

    /**
     * The filters of {@code session_logs/} (logs-and-stream.md §5.1); each may be null or empty.
     *
     * @param after keep entries whose timestamp is strictly later (entries without one are dropped)
     */
    record LogFilter(Instant after, List<String> eventTypes, List<String> excludeTypes) {
        public static final LogFilter NONE = new LogFilter(null, List.of(), List.of());

        public LogFilter {
            eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
            excludeTypes = excludeTypes == null ? List.of() : List.copyOf(excludeTypes);
        }
    }

    /**
     * The sequence number of the run's newest entry of this kind and event type (null: any), or 0
     * when there is none.
     */
    long lastSeq(RunId run, EntryKind kind, String eventType);

    /** How many {@code log} entries after {@code afterSeq} pass the filter. */
    long countLogs(RunId run, long afterSeq, LogFilter filter);

    /** The position and size of a stored entry, read without its text. */
    record EntrySize(long seq, long bytes) {
    }

    /**
     * The sequence numbers and sizes of the {@code log} entries after {@code afterSeq} that pass the
     * filter, skipping {@code offset} of them, at most {@code limit}, in order: what a page will
     * hold, known before any text is read.
     */
    List<EntrySize> logSizes(RunId run, long afterSeq, LogFilter filter, long offset, int limit);

    /**
     * The {@code log} entries with {@code afterSeq < seq <= throughSeq} that pass the filter, in
     * order, at most {@code limit} and {@code maxBytes} of text (but always the first).
     */
    List<Entry> readLogs(RunId run, long afterSeq, long throughSeq, LogFilter filter, int limit, long maxBytes);

    /**
     * Deletes entries created before {@code cutoff}, at most {@code batch} rows and {@code batchBytes}
     * of text per statement (but one row at least), until none is left (logs-and-stream.md §7). Runs
     * and their counters are not touched.
     *
     * @return how many entries were deleted
     */
    long deleteCreatedBefore(Instant cutoff, int batch, long batchBytes);
}
