package dev.tasks.storage.jdbc;

import static dev.tasks.storage.jdbc.Entries.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/logs-and-stream.md, "Retention" and "Entries", on {@link JdbcRunEntries#deleteCreatedBefore}: the entries
 * of every run created before the cutoff are deleted, and only those, in statements of at most the
 * batch's rows and bytes (but one row at least), and their number is answered; runs and their
 * {@code last_seq} counters stay, so later appends go on with the next number.
 */
abstract class EntryRetentionContract extends EntryStoreContract {

    private static final Instant CUTOFF = Instant.parse("2026-01-31T00:00:00Z");
    private static final Instant OLD = CUTOFF.minus(Duration.ofDays(10));
    private static final long ANY_SIZE = Long.MAX_VALUE;

    /** Each test purges the whole table: it starts from none. */
    @BeforeEach
    void noEntries() {
        store.database.execute("delete from run_entry");
    }

    @Test
    void deletesTheEntriesOfEveryRunCreatedBeforeTheCutoffOnly() throws Exception {
        RunId run = store.newRun();
        RunId other = store.newRun();
        store.append(run, OLD, text("old"), text("old too"));
        store.append(run, CUTOFF.minus(Duration.ofNanos(1000)), text("just before"));
        store.append(run, CUTOFF, text("at the cutoff"));
        store.append(run, CUTOFF.plus(Duration.ofDays(1)), text("new"));
        store.append(other, OLD, text("old elsewhere"));

        long deleted = store.entries.deleteCreatedBefore(CUTOFF, 10_000, ANY_SIZE);

        assertEquals(4, deleted);
        assertEquals(List.of(4L, 5L), seqs(store.entries.read(run, null, 0, 100, ANY_SIZE)));
        assertEquals(List.of(), store.entries.read(other, null, 0, 100, ANY_SIZE));
    }

    @Test
    void leavesRunsAndTheirCountersSoNumberingGoesOn() throws Exception {
        RunId run = store.newRun();
        store.append(run, OLD, text("a"), text("b"), text("c"));

        store.entries.deleteCreatedBefore(CUTOFF, 10_000, ANY_SIZE);

        assertEquals(3, store.counter(run));
        assertEquals(4, store.append(run, CUTOFF, text("d")));
        assertEquals(List.of(4L), seqs(store.entries.read(run, null, 0, 100, ANY_SIZE)));
    }

    @Test
    void deletesInStatementsOfAtMostTheBatchsRows() throws Exception {
        RunId run = store.newRun();
        store.append(run, OLD, sameSize(7));
        var deletes = new DeleteCounts();

        long deleted = EntryStore.adapter(deletes.recording(store.database.dataSource()))
                .deleteCreatedBefore(CUTOFF, 3, ANY_SIZE);

        assertEquals(7, deleted);
        assertEquals(List.of(3, 3, 1), deletes.counts());
    }

    @Test
    void deletesInStatementsThatStopAfterTheRowReachingTheBatchsBytes() throws Exception {
        RunId run = store.newRun();
        NewEntry[] entries = sameSize(6);
        store.append(run, OLD, entries);
        long size = entries[0].body().length();
        var deletes = new DeleteCounts();

        long deleted = EntryStore.adapter(deletes.recording(store.database.dataSource()))
                .deleteCreatedBefore(CUTOFF, 100, 2 * size + size / 2);

        assertEquals(6, deleted);
        assertEquals(List.of(3, 3), deletes.counts(), "the third row of each statement crosses the limit");
    }

    @Test
    void deletesOneRowPerStatementWhenOneEntryOutgrowsTheBatchsBytes() throws Exception {
        RunId run = store.newRun();
        store.append(run, OLD, sameSize(3));
        var deletes = new DeleteCounts();

        long deleted = EntryStore.adapter(deletes.recording(store.database.dataSource()))
                .deleteCreatedBefore(CUTOFF, 100, 1);

        assertEquals(3, deleted);
        assertEquals(List.of(1, 1, 1), deletes.counts());
    }

    /** {@code count} log entries of the same size in bytes. */
    private static NewEntry[] sameSize(int count) {
        return Collections.nCopies(count, text("an old line: ünïcødé")).toArray(NewEntry[]::new);
    }
}
