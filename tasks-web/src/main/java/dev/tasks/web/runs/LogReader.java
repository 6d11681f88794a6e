package dev.tasks.web.runs;

import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunEntries.Entry;
import dev.tasks.domain.run.RunEntries.EntrySize;
import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.run.RunId;
import dev.tasks.web.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads run logs out to clients: {@code logs/} (logs-and-stream.md §4) and {@code session_logs/}
 * (§5, beyond.md §3–§4). Entries are read in pages bounded by count and by bytes, each page on a
 * database connection held only for its query, and written before the next is read: a slow reader
 * holds one page in memory and no connection, whatever the size of the log. A reader that leaves
 * midway is no error: the writing just stops.
 */
@ApplicationScoped
public class LogReader {

    /** The largest serialised {@code session_logs/} page (logs-and-stream.md §5.4). */
    static final long PAGE_BYTE_CAP = 16L * 1024 * 1024;
    /** How many entries, and how many bytes of them, one read brings into memory. */
    static final int CHUNK_ENTRIES = 500;
    static final long CHUNK_BYTES = 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(LogReader.class.getName());

    @Inject
    RunEntries entries;

    @Inject
    RunService runs;

    /**
     * Writes the {@code log} entries of each run of the chain, oldest run first, one line each, up to
     * the newest entry each run had when the download began.
     */
    public void writeLogs(List<Run> chain, OutputStream output) {
        long[] through = new long[chain.size()];
        for (int i = 0; i < chain.size(); i++) {
            through[i] = entries.lastSeq(chain.get(i).id(), EntryKind.LOG, null);
        }
        try {
            for (int i = 0; i < chain.size(); i++) {
                each(chain.get(i).id(), 0, through[i], LogFilter.NONE, entry -> {
                    entry.body().writeTo(output);
                    output.write('\n');
                });
            }
        } catch (IOException clientLeft) {
            LOG.fine(() -> "A logs/ reader left before the end: " + clientLeft.getMessage());
        }
    }

    /** Something done with each entry read, which may fail writing to the client. */
    @FunctionalInterface
    private interface EntrySink {
        void accept(Entry entry) throws IOException;
    }

    /** Hands the entries of {@code run} in {@code (after, through]} that pass the filter to {@code sink}, in order. */
    private void each(RunId run, long after, long through, LogFilter filter, EntrySink sink) throws IOException {
        long cursor = after;
        while (cursor < through) {
            List<Entry> chunk = entries.readLogs(run, cursor, through, filter, CHUNK_ENTRIES, CHUNK_BYTES);
            if (chunk.isEmpty()) {
                return;
            }
            for (Entry entry : chunk) {
                sink.accept(entry);
            }
            cursor = chunk.getLast().seq();
        }
    }

    /**
     * The page of {@code session_logs/} a query asks for: counts and filters run in SQL per run of the
     * source, then the page is planned from the entries' sizes alone (it stops growing at
     * {@link #PAGE_BYTE_CAP} and always holds one entry when any remain). The texts are read only
     * when the page is written ({@link #writePage}).
     */
    public SessionLogPage sessionLogs(Run run, SessionLogQuery query) {
        long started = System.nanoTime();
        List<Run> source = query.includeResumed() ? runs.chain(run) : List.of(run);
        int cursorIndex = source.size() - 1;
        if (query.cursorRun() != null) {
            cursorIndex = -1;
            for (int i = 0; i < source.size(); i++) {
                if (source.get(i).id().equals(query.cursorRun())) {
                    cursorIndex = i;
                }
            }
            if (cursorIndex < 0) {
                throw ApiException.invalidInput("Invalid after_seq.", "after_seq");
            }
        }
        long total = 0;
        long matching = 0;
        long[] afterSeq = new long[source.size()];
        long[] matchingPerRun = new long[source.size()];
        for (int i = 0; i < source.size(); i++) {
            RunId id = source.get(i).id();
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
            Run current = source.get(i);
            List<EntrySize> sizes = entries.logSizes(current.id(), afterSeq[i], query.filter(), skip,
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
                cursor = query.includeResumed() ? current.id() + ":" + size.seq() : String.valueOf(size.seq());
            }
            if (through >= 0) {
                // The slice starts after the entry before its first one: the offset skipped those.
                long first = sizes.getFirst().seq();
                slices.add(new SessionLogPage.Slice(current.id(), first - 1, through));
            }
        }
        long planned = System.nanoTime();
        return new SessionLogPage(slices, query.filter(), total, matching, query.offset() + count < matching, cursor,
                planned - counted, counted - started);
    }

    /** Writes a planned page as a JSON array of the entries' stored texts. */
    public void writePage(SessionLogPage page, OutputStream output) {
        try {
            output.write('[');
            long[] written = {0};
            for (SessionLogPage.Slice slice : page.slices()) {
                each(slice.run(), slice.afterSeq(), slice.throughSeq(), page.filter(), entry -> {
                    if (written[0]++ > 0) {
                        output.write(',');
                    }
                    entry.body().writeTo(output);
                });
            }
            output.write(']');
        } catch (IOException clientLeft) {
            LOG.fine(() -> "A session_logs/ reader left before the end: " + clientLeft.getMessage());
        }
    }
}
