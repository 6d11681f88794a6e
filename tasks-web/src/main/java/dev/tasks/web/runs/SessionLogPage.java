package dev.tasks.web.runs;

import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.run.RunId;
import java.util.List;

/**
 * One page of {@code session_logs/}, planned but not read: which entries of which runs it holds, and
 * the counts of the headers.
 *
 * @param slices the runs' entries on the page, in page order
 * @param nextCursor the position of the page's last entry, or null for an empty page
 */
public record SessionLogPage(List<Slice> slices, LogFilter filter, long total, long matching, boolean hasMore,
                             String nextCursor, long readNanos, long filterNanos) {

    /** The entries of one run passing the page's filter with {@code afterSeq < seq <= throughSeq}. */
    public record Slice(RunId run, long afterSeq, long throughSeq) {
    }
}
