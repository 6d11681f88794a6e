package dev.tasks.web.runs;

import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunEntries.Entry;
import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.SessionLogPage;
import dev.tasks.domain.run.SessionLogPager;
import dev.tasks.domain.run.SessionLogQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.logging.Logger;

/**
 * Reads run logs out to clients: {@code logs/} (docs/logs-and-stream.md#the-logs-endpoint) and {@code session_logs/}
 * (docs/logs-and-stream.md#session-logs). Entries are read in pages bounded by count and by bytes, each page on a
 * database connection held only for its query, and written before the next is read: a slow reader
 * holds one page in memory and no connection, whatever the size of the log. A reader that leaves
 * midway is no error: the writing just stops.
 */
@ApplicationScoped
public class LogReader {

    /** How many entries, and how many bytes of them, one read brings into memory. */
    static final int CHUNK_ENTRIES = 500;
    static final long CHUNK_BYTES = 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(LogReader.class.getName());

    @Inject
    RunEntries entries;

    @Inject
    RunLookup lookup;

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
     * The page of {@code session_logs/} a query asks for, planned by {@link SessionLogPager} from
     * counts and sizes; the texts are read only when the page is written ({@link #writePage}).
     */
    public SessionLogPage sessionLogs(Run run, SessionLogQuery query) {
        List<Run> source = query.includeResumed() ? lookup.chain(run) : List.of(run);
        return SessionLogPager.plan(source.stream().map(Run::id).toList(), query, entries);
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
