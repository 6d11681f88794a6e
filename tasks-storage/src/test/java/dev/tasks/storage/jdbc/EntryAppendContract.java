package dev.tasks.storage.jdbc;

import static dev.tasks.storage.jdbc.Entries.runState;
import static dev.tasks.storage.jdbc.Entries.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasks.domain.run.RunEntries.Entry;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * docs/logs-and-stream.md, "Entries" and "Appending log entries", on {@link JdbcRunEntries#append}: a run's entries are
 * numbered from 1 without gaps, in request order, under the run's row lock, also when several
 * transactions append to the run at once; an empty append is refused; an append bumps the run's
 * {@code updated_at}; one holding agent log entries records {@code last_activity_at}, at most once per
 * 60 s, while server events alone never do.
 */
abstract class EntryAppendContract extends EntryStoreContract {

    private static final Instant T = Instant.parse("2026-02-01T10:00:00Z");
    private static final int WRITERS = 8;
    private static final int APPENDS_EACH = 25;

    @Test
    void numbersEntriesFromOneWithoutGapsAndAnswersTheLastNumber() throws Exception {
        RunId run = store.newRun();
        List<NewEntry> sent = List.of(text("one"), text("two"), runState("in_progress"), text("three"),
                text("four"), text("five"));

        long first = store.append(run, T, sent.get(0), sent.get(1));
        long second = store.append(run, T, sent.get(2));
        long third = store.append(run, T, sent.get(3), sent.get(4), sent.get(5));

        assertEquals(List.of(2L, 3L, 6L), List.of(first, second, third));
        List<Entry> stored = store.entries.read(run, null, 0, 100, Long.MAX_VALUE);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), seqs(stored));
        assertEquals(sent.stream().map(entry -> entry.body().toString()).toList(), bodies(stored));
        assertEquals(sent.stream().map(NewEntry::kind).toList(), stored.stream().map(Entry::kind).toList());
        assertEquals(6, store.counter(run));
    }

    @Test
    void concurrentAppendsToOneRunTakeEveryNumberOnce() throws Exception {
        RunId run = store.newRun();

        Map<String, List<Long>> answered = appendFromEveryWriter(run);

        Map<Long, String> expected = new HashMap<>();
        answered.forEach((writer, lasts) -> {
            for (int a = 0; a < APPENDS_EACH; a++) {
                expected.put(lasts.get(a) - 1, text(writer + "." + a + ".0").body().toString());
                expected.put(lasts.get(a), text(writer + "." + a + ".1").body().toString());
            }
        });
        List<Entry> stored = store.entries.read(run, null, 0, 1000, Long.MAX_VALUE);
        long total = 2L * WRITERS * APPENDS_EACH;
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), seqs(stored));
        assertEquals(expected, stored.stream().collect(Collectors.toMap(Entry::seq, entry -> entry.body().toString())),
                "each append's two entries, in order, at the number it answered and the one before");
        assertEquals(total, store.counter(run));
    }

    /**
     * {@link #WRITERS} threads, started together, each appending two entries {@link #APPENDS_EACH} times
     * in transactions of its own; what each append answered, by writer.
     */
    private Map<String, List<Long>> appendFromEveryWriter(RunId run) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Map<String, Future<List<Long>>> writers = new HashMap<>();
            for (int w = 0; w < WRITERS; w++) {
                String writer = "w" + w;
                writers.put(writer, pool.submit(() -> {
                    start.await();
                    List<Long> lasts = new ArrayList<>();
                    for (int a = 0; a < APPENDS_EACH; a++) {
                        lasts.add(store.append(run, T, text(writer + "." + a + ".0"), text(writer + "." + a + ".1")));
                    }
                    return lasts;
                }));
            }
            start.countDown();
            Map<String, List<Long>> answered = new HashMap<>();
            for (var writer : writers.entrySet()) {
                answered.put(writer.getKey(), writer.getValue().get());
            }
            return answered;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptyAppendIsRefused() {
        RunId run = store.newRun();

        assertThrows(IllegalArgumentException.class, () -> store.entries.append(run, List.of(), T));

        assertEquals(0, store.counter(run));
        assertEquals(List.of(), store.entries.read(run, null, 0, 10, Long.MAX_VALUE));
    }

    @Test
    void anAppendBumpsTheRunsUpdatedAt() throws Exception {
        RunId run = store.newRun();

        store.append(run, T, runState("in_progress"));

        assertEquals(T, store.runTime("updated_at", run));
    }

    @Test
    void theFirstAgentLogRecordsActivity() throws Exception {
        RunId run = store.newRun();
        assertNull(activity(run));

        store.append(run, T, text("hello"));

        assertEquals(T, activity(run));
    }

    @Test
    void activityOlderThanAMinuteMovesToNow() throws Exception {
        RunId run = store.newRun();
        store.append(run, T, text("hello"));

        store.append(run, T.plus(Duration.ofSeconds(61)), text("again"));

        assertEquals(T.plus(Duration.ofSeconds(61)), activity(run));
    }

    @Test
    void activityOfTheLastMinuteStays() throws Exception {
        RunId run = store.newRun();
        store.append(run, T, text("hello"));

        store.append(run, T.plus(Duration.ofSeconds(30)), text("again"));
        store.append(run, T.plus(Duration.ofSeconds(60)), text("and again"));

        assertEquals(T, activity(run));
    }

    @Test
    void serverEventsAloneAreNoActivity() throws Exception {
        RunId run = store.newRun();

        store.append(run, T, runState("in_progress"));
        assertNull(activity(run));

        store.append(run, T.plus(Duration.ofMinutes(1)), runState("in_progress"), text("hello"));
        store.append(run, T.plus(Duration.ofMinutes(5)), runState("completed"));
        assertEquals(T.plus(Duration.ofMinutes(1)), activity(run));
    }

    private Instant activity(RunId run) {
        return store.runTime("last_activity_at", run);
    }
}
