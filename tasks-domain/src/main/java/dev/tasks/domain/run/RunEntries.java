package dev.tasks.domain.run;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The entries port: each run's append-only sequence of log entries and server events, numbered from
 * 1 without gaps (docs/logs-and-stream.md#entries).
 */
public interface RunEntries {

    /**
     * The event type of the run snapshots the server appends on every change of a run
     * (docs/logs-and-stream.md#event-catalogue).
     */
    String RUN_STATE = "task_run_state";

    /**
     * The event type of console notifications, the agent's and the server's (docs/logs-and-stream.md#event-catalogue).
     */
    String CONSOLE = "_posthog/console";

    /**
     * An entry to append.
     *
     * @param body the entry's compact JSON text, stored and returned verbatim
     * @param eventType derived from the body (docs/logs-and-stream.md#event-types-and-timestamps), {@code ""} when none
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
     * {@code append_log/} in a transaction of its own, which the caller must not be in: when {@code viewer}
     * reaches task {@code task} of {@code project} under {@code access} and that task holds run {@code run},
     * appends the entries as {@link #append} does and answers the run as it is after the append; else
     * appends nothing and answers empty. The statement that finds the run also checks the task and locks
     * the run, so an append costs no read of its own.
     */
    Optional<Run> appendReached(ProjectId project, UserId viewer, TaskAccess access, TaskId task, RunId run,
                                List<NewEntry> entries, Instant now);

    /**
     * Up to {@code limit} entries with {@code seq > afterSeq}, in order, stopping after the entry whose
     * text brings the total to {@code maxBytes} or beyond: a page holds less than {@code maxBytes}
     * plus one entry, and always one entry when any remain. {@code kind} null means both kinds.
     * Readers page with this, so a few large entries never fill the heap.
     */
    List<Entry> read(RunId run, EntryKind kind, long afterSeq, int limit, long maxBytes);

    /**
     * The filters of {@code session_logs/} (docs/logs-and-stream.md#filters); each may be null or empty.
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
     * order, at most {@code limit} of them, bounded by {@code maxBytes} as {@link #read} is.
     */
    List<Entry> readLogs(RunId run, long afterSeq, long throughSeq, LogFilter filter, int limit, long maxBytes);

    /**
     * Deletes entries created before {@code cutoff}, until none is left (docs/logs-and-stream.md#retention), each
     * statement taking at most {@code batch} rows and stopping after the row that brings its text to
     * {@code batchBytes} or beyond (one row at least). Runs and their counters are not touched.
     *
     * @return how many entries were deleted
     */
    long deleteCreatedBefore(Instant cutoff, int batch, long batchBytes);
}
