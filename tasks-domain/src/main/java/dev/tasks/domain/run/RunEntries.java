package dev.tasks.domain.run;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

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
    record NewEntry(EntryKind kind, String body, String eventType, Instant timestamp) {
    }

    /** A stored entry. */
    record Entry(RunId run, long seq, EntryKind kind, String body) {
    }

    /**
     * Appends the entries in order under the run's row lock, in the caller's transaction, and bumps
     * the run's {@code updated_at}. The cost does not depend on how many entries the run holds.
     *
     * @return the sequence number of the last entry appended
     */
    long append(RunId run, List<NewEntry> entries, Instant now);

    /** Up to {@code limit} entries with {@code seq > afterSeq}, in order; {@code kind} null means both kinds. */
    List<Entry> read(RunId run, EntryKind kind, long afterSeq, int limit);

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

    /**
     * Walks the {@code log} entries after {@code afterSeq} that pass the filter, in order, skipping
     * {@code offset} of them and handing at most {@code limit} to {@code consumer}, which may stop the
     * walk early by answering false. Rows are fetched in small batches, never all at once.
     */
    void walkLogs(RunId run, long afterSeq, LogFilter filter, long offset, int limit, Predicate<Entry> consumer);

    /**
     * Deletes entries created before {@code cutoff}, at most {@code batch} rows per statement, until
     * none is left (logs-and-stream.md §7). Runs and their counters are not touched.
     *
     * @return how many entries were deleted
     */
    long deleteCreatedBefore(Instant cutoff, int batch);
}
