package dev.tasks.domain.run;

import dev.tasks.domain.run.RunEntries.LogFilter;

/**
 * What a {@code session_logs/} reader asks for (docs/logs-and-stream.md#session-logs), its
 * values already checked.
 *
 * @param limit the most entries on the page, at least 1
 * @param offset how many matching entries to skip; 0 whenever there is a cursor
 * @param includeResumed whether the source is the whole resume chain rather than the run alone
 * @param cursorRun the run of the chain {@code after_seq} names, or null for the requested run
 * @param afterSeq the cursor's sequence number, or null without a cursor
 */
public record SessionLogQuery(LogFilter filter, int limit, long offset, boolean includeResumed, RunId cursorRun,
                              Long afterSeq) {

    public SessionLogQuery {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be positive and offset not negative");
        }
    }
}
