package dev.tasks.domain.run;

import dev.tasks.domain.run.RunEntries.LogFilter;
import java.util.List;

/**
 * One page of {@code session_logs/}, planned but not read: which entries of which runs it holds, and
 * the counts of the headers (docs/logs-and-stream.md#paging, docs/logs-and-stream.md#cursor-pagination).
 *
 * @param slices the runs' entries on the page, in page order
 * @param total the source's entries, before the cursor and the filters
 * @param matching the entries that remain after the cursor and the filters
 * @param nextCursor the position of the page's last entry, or null for an empty page
 * @param readNanos how long reading the entries' sizes took
 * @param filterNanos how long counting and filtering took
 */
public record SessionLogPage(List<Slice> slices, LogFilter filter, long total, long matching, boolean hasMore,
                             String nextCursor, long readNanos, long filterNanos) {

    public SessionLogPage {
        slices = List.copyOf(slices);
    }

    /** The entries of one run passing the page's filter with {@code afterSeq < seq <= throughSeq}. */
    public record Slice(RunId run, long afterSeq, long throughSeq) {
    }
}
