package dev.tasks.storage.jdbc;

import static dev.tasks.storage.jdbc.Entries.notification;
import static dev.tasks.storage.jdbc.Entries.runState;
import static dev.tasks.storage.jdbc.Entries.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/logs-and-stream.md#entries on the readers of {@link JdbcRunEntries}: {@code read}
 * returns one run's bodies byte for byte, walking the entries after a cursor in pages bounded by
 * count and by bytes (but always one entry), of one kind or both; {@code lastSeq} answers the newest
 * entry of a kind and an event type, 0 when there is none.
 */
abstract class EntryReadContract extends EntryStoreContract {

    private static final Instant T = Instant.parse("2026-02-01T10:00:00Z");

    @Test
    void readPagesThroughTheEntriesAfterACursor() throws Exception {
        RunId run = store.newRun();
        List<NewEntry> sent = List.of(text("un"), text("deux é"), text("trois \\\"€\\\""), text("quatre 𝄞"),
                text("cinq"));
        store.append(run, T, sent.toArray(NewEntry[]::new));
        store.append(store.newRun(), T, text("another run's"));

        assertEquals(bodiesOf(sent.subList(0, 2)), bodies(store.entries.read(run, null, 0, 2, Long.MAX_VALUE)));
        assertEquals(bodiesOf(sent.subList(2, 4)), bodies(store.entries.read(run, null, 2, 2, Long.MAX_VALUE)));
        assertEquals(bodiesOf(sent.subList(4, 5)), bodies(store.entries.read(run, null, 4, 2, Long.MAX_VALUE)));
        assertEquals(List.of(), store.entries.read(run, null, 5, 2, Long.MAX_VALUE));
    }

    @Test
    void readStopsAfterTheEntryThatReachesMaxBytesButHoldsOneAlways() throws Exception {
        RunId run = store.newRun();
        List<NewEntry> sent = List.of(text("première entrée"), text("zweite Einträge ü"), text("third €€€"));
        store.append(run, T, sent.toArray(NewEntry[]::new));
        long first = sent.get(0).body().length();
        long two = first + sent.get(1).body().length();
        long all = two + sent.get(2).body().length();

        assertAll(
                () -> assertEquals(List.of(1L), seqs(store.entries.read(run, null, 0, 10, 1)), "below the first"),
                () -> assertEquals(List.of(1L), seqs(store.entries.read(run, null, 0, 10, first)), "the first"),
                () -> assertEquals(List.of(1L, 2L), seqs(store.entries.read(run, null, 0, 10, first + 1)),
                        "the second crosses the limit and ends the page"),
                () -> assertEquals(List.of(1L, 2L), seqs(store.entries.read(run, null, 0, 10, two)), "two"),
                () -> assertEquals(List.of(1L, 2L, 3L), seqs(store.entries.read(run, null, 0, 10, all - 1)),
                        "the third crosses the limit and ends the page"),
                () -> assertEquals(List.of(1L, 2L, 3L), seqs(store.entries.read(run, null, 0, 10, all)), "all"),
                () -> assertEquals(List.of(2L), seqs(store.entries.read(run, null, 1, 10, 1)), "after a cursor"));
    }

    @Test
    void readTakesOneKindOrBoth() throws Exception {
        RunId run = store.newRun();
        store.append(run, T, runState("queued"), text("a"), runState("in_progress"), text("b"));

        assertEquals(List.of(2L, 4L), seqs(store.entries.read(run, EntryKind.LOG, 0, 10, Long.MAX_VALUE)));
        assertEquals(List.of(1L, 3L), seqs(store.entries.read(run, EntryKind.EVENT, 0, 10, Long.MAX_VALUE)));
        assertEquals(List.of(3L), seqs(store.entries.read(run, EntryKind.EVENT, 1, 10, Long.MAX_VALUE)));
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(store.entries.read(run, null, 0, 10, Long.MAX_VALUE)));
    }

    @Test
    void lastSeqAnswersTheNewestEntryOfAKindAndEventType() throws Exception {
        RunId run = store.newRun();
        store.append(run, T, runState("queued"), notification("tool_call", null),
                notification("_posthog/console", null), notification("user_message", null), runState("completed"));

        assertAll(
                () -> assertEquals(5, store.entries.lastSeq(run, null, null)),
                () -> assertEquals(4, store.entries.lastSeq(run, EntryKind.LOG, null)),
                () -> assertEquals(5, store.entries.lastSeq(run, EntryKind.EVENT, null)),
                () -> assertEquals(2, store.entries.lastSeq(run, EntryKind.LOG, "tool_call")),
                () -> assertEquals(3, store.entries.lastSeq(run, null, "_posthog/console")),
                () -> assertEquals(0, store.entries.lastSeq(run, EntryKind.EVENT, "_posthog/console")),
                () -> assertEquals(0, store.entries.lastSeq(store.newRun(), null, null)));
    }

    private static List<String> bodiesOf(List<NewEntry> entries) {
        return entries.stream().map(entry -> entry.body().toString()).toList();
    }
}
