package dev.tasks.domain.run;

import dev.tasks.domain.run.RunEntries.EntrySize;
import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.shared.InvalidValueException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a page of {@code session_logs/} (docs/logs-and-stream.md#paging, docs/logs-and-stream.md#cursor-pagination)
 * from counts and entry sizes alone, so no entry text is read before the page is written:
 * <ol>
 *   <li>the source is the run, or with {@code include_resumed} its resume chain, oldest run first;</li>
 *   <li>a cursor ({@code after_seq}) drops what precedes it, before the filters: with a run it names
 *       a position in that run of the chain (earlier runs drop out), without one the requested run;</li>
 *   <li>the filters apply, then the offset and limit; the page stops growing at
 *       {@link #PAGE_BYTE_CAP} of serialised JSON but always holds one entry when any remain;</li>
 *   <li>the next cursor is the position of the page's last entry, {@code <seq>} or, across a chain,
 *       {@code <run id>:<seq>}.</li>
 * </ol>
 */
public final class SessionLogPager {

    /** The largest serialised page: the entries, their commas and the brackets. */
    public static final long PAGE_BYTE_CAP = 16L * 1024 * 1024;

    private SessionLogPager() {
    }

    /**
     * The page {@code query} asks for of {@code source} (the requested run last).
     *
     * @throws InvalidValueException on {@code after_seq} when the cursor names a run outside the source
     */
    public static SessionLogPage plan(List<RunId> source, SessionLogQuery query, RunEntries entries) {
        long started = System.nanoTime();
        int cursorIndex = cursorIndex(source, query);
        long total = 0;
        long matching = 0;
        long[] afterSeq = new long[source.size()];
        long[] matchingPerRun = new long[source.size()];
        for (int i = 0; i < source.size(); i++) {
            RunId id = source.get(i);
            total += entries.countLogs(id, 0, LogFilter.NONE);
            if (query.afterSeq() != null && i < cursorIndex) {
                afterSeq[i] = -1;
                continue;
            }
            afterSeq[i] = query.afterSeq() != null && i == cursorIndex ? query.afterSeq() : 0;
            matchingPerRun[i] = entries.countLogs(id, afterSeq[i], query.filter());
            matching += matchingPerRun[i];
        }
        long counted = System.nanoTime();
        List<SessionLogPage.Slice> slices = new ArrayList<>();
        int count = 0;
        long bytes = 2;
        String cursor = null;
        long skip = query.offset();
        boolean full = false;
        for (int i = 0; i < source.size() && count < query.limit() && !full; i++) {
            if (afterSeq[i] < 0 || matchingPerRun[i] == 0) {
                continue;
            }
            if (skip >= matchingPerRun[i]) {
                skip -= matchingPerRun[i];
                continue;
            }
            RunId current = source.get(i);
            List<EntrySize> sizes = entries.logSizes(current, afterSeq[i], query.filter(), skip,
                    query.limit() - count);
            skip = 0;
            long through = -1;
            for (EntrySize size : sizes) {
                if (count > 0 && bytes + size.bytes() + 1 > PAGE_BYTE_CAP) {
                    full = true;
                    break;
                }
                bytes += size.bytes() + 1;
                count++;
                through = size.seq();
                cursor = query.includeResumed() ? current + ":" + size.seq() : String.valueOf(size.seq());
            }
            if (through >= 0) {
                // The slice starts after the entry before its first one: the offset skipped those.
                slices.add(new SessionLogPage.Slice(current, sizes.getFirst().seq() - 1, through));
            }
        }
        long planned = System.nanoTime();
        return new SessionLogPage(slices, query.filter(), total, matching, query.offset() + count < matching, cursor,
                planned - counted, counted - started);
    }

    /** The index in {@code source} of the run the cursor counts in: the requested run unless it names one. */
    private static int cursorIndex(List<RunId> source, SessionLogQuery query) {
        if (query.cursorRun() == null) {
            return source.size() - 1;
        }
        int index = source.lastIndexOf(query.cursorRun());
        if (index < 0) {
            throw new InvalidValueException("after_seq", "Invalid after_seq.");
        }
        return index;
    }
}
