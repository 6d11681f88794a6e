package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.shared.InvalidValueException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code session_logs/} page (docs/logs-and-stream.md#paging, docs/logs-and-stream.md#cursor-pagination). */
class SessionLogPagerTest {

    private static final long MIB = 1024 * 1024;
    private static final Instant T10 = Instant.parse("2026-01-01T10:00:00Z");

    private final InMemoryEntries entries = new InMemoryEntries();
    private final RunId run = RunId.random();

    private static SessionLogQuery query(LogFilter filter, int limit, long offset) {
        return new SessionLogQuery(filter, limit, offset, false, null, null);
    }

    private static SessionLogQuery after(Long afterSeq, RunId cursorRun, boolean resumed, int limit) {
        return new SessionLogQuery(LogFilter.NONE, limit, 0, resumed, cursorRun, afterSeq);
    }

    private SessionLogPage plan(SessionLogQuery query) {
        return SessionLogPager.plan(List.of(run), query, entries);
    }

    private List<String> positions(SessionLogPage page) {
        return entries.positions(page);
    }

    private String at(long seq) {
        return run + ":" + seq;
    }

    private void logs(int count) {
        for (int i = 0; i < count; i++) {
            entries.log(run, "tool_call", T10.plusSeconds(60L * i), 100);
        }
    }

    @Test
    void l13EveryEntryWithItsCounts() {
        logs(3);
        SessionLogPage page = plan(query(LogFilter.NONE, 1000, 0));
        assertEquals(List.of(at(1), at(2), at(3)), positions(page));
        assertEquals(3, page.total());
        assertEquals(3, page.matching());
        assertFalse(page.hasMore());
        assertEquals("3", page.nextCursor());
    }

    @Test
    void l14AnEmptyRunIsAnEmptyPage() {
        SessionLogPage page = plan(query(LogFilter.NONE, 1000, 0));
        assertEquals(List.of(), positions(page));
        assertEquals(0, page.total());
        assertEquals(0, page.matching());
        assertFalse(page.hasMore());
        assertNull(page.nextCursor());
    }

    @Test
    void serverEventsAreNotLogEntries() {
        entries.event(run, RunEntries.RUN_STATE);
        entries.log(run, "tool_call", T10, 100);
        SessionLogPage page = plan(query(LogFilter.NONE, 1000, 0));
        assertEquals(List.of(at(2)), positions(page));
        assertEquals(1, page.total());
    }

    @Test
    void l15AndL16FiltersCountAsMatchingButNotTotal() {
        for (String type : List.of("user_message", "tool_call", "agent_message", "tool_result", "agent_message")) {
            entries.log(run, type, T10, 100);
        }
        SessionLogPage only = plan(query(new LogFilter(null, List.of("tool_call", "tool_result"), List.of()), 1000, 0));
        assertEquals(List.of(at(2), at(4)), positions(only));
        assertEquals(5, only.total());
        assertEquals(2, only.matching());
        SessionLogPage excluded = plan(query(new LogFilter(null, List.of(), List.of("agent_message")), 1000, 0));
        assertEquals(List.of(at(1), at(2), at(4)), positions(excluded));
        assertEquals(3, excluded.matching());
    }

    @Test
    void l17AfterKeepsStrictlyLaterEntriesAndDropsThoseWithoutATimestamp() {
        logs(4);
        entries.log(run, "tool_call", null, 100);
        SessionLogPage page = plan(query(new LogFilter(T10.plusSeconds(60), List.of(), List.of()), 1000, 0));
        assertEquals(List.of(at(3), at(4)), positions(page));
        assertEquals(5, page.total());
        assertEquals(2, page.matching());
    }

    @Test
    void l19AndL20LimitAndOffsetCutTheMatchingEntries() {
        logs(10);
        SessionLogPage first = plan(query(LogFilter.NONE, 3, 0));
        assertEquals(List.of(at(1), at(2), at(3)), positions(first));
        assertTrue(first.hasMore());
        assertEquals(10, first.matching());
        SessionLogPage offset = plan(query(LogFilter.NONE, 2, 2));
        assertEquals(List.of(at(3), at(4)), positions(offset));
        assertTrue(offset.hasMore());
        SessionLogPage beyond = plan(query(LogFilter.NONE, 2, 50));
        assertEquals(List.of(), positions(beyond));
        assertFalse(beyond.hasMore());
    }

    @Test
    void l24PagesStopAtSixteenMebibytesButHoldOneEntryAlways() {
        for (int i = 0; i < 4; i++) {
            entries.log(run, "tool_call", T10, 6 * MIB);
        }
        entries.log(run, "tool_call", T10, 20 * MIB);
        List<String> collected = new ArrayList<>();
        long offset = 0;
        int pages = 0;
        SessionLogPage page;
        do {
            page = plan(query(LogFilter.NONE, 1000, offset));
            List<String> got = positions(page);
            assertTrue(got.size() == 1 || got.size() * (6 * MIB + 1) + 2 <= SessionLogPager.PAGE_BYTE_CAP,
                    "a page over the cap holds a single entry: " + got);
            collected.addAll(got);
            offset += got.size();
            pages++;
        } while (page.hasMore());
        assertEquals(List.of(at(1), at(2), at(3), at(4), at(5)), collected);
        assertEquals(3, pages);
    }

    @Test
    void b10TheCursorPagesThroughEveryEntryOnce() {
        logs(10);
        List<String> collected = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        Long cursor = null;
        SessionLogPage page;
        do {
            page = plan(after(cursor, null, false, 4));
            sizes.add(positions(page).size());
            collected.addAll(positions(page));
            cursor = Long.valueOf(page.nextCursor());
        } while (page.hasMore());
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(10, collected.stream().distinct().count());
    }

    @Test
    void b11EntriesAppendedBetweenPagesAreReturnedOnce() {
        logs(4);
        SessionLogPage first = plan(after(null, null, false, 3));
        logs(2);
        SessionLogPage second = plan(after(Long.valueOf(first.nextCursor()), null, false, 3));
        assertEquals(List.of(at(4), at(5), at(6)), positions(second));
        assertEquals(6, second.total());
        assertEquals(3, second.matching(), "matching counts what remains after the cursor");
        assertFalse(second.hasMore());
    }

    @Test
    void b13ToB15TheResumeChainReadsAncestorsFirstWithChainCursors() {
        RunId ancestor = RunId.random();
        entries.log(ancestor, "tool_call", T10, 100);
        entries.log(ancestor, "tool_call", T10, 100);
        entries.log(run, "tool_call", T10, 100);
        List<RunId> chain = List.of(ancestor, run);

        SessionLogPage whole = SessionLogPager.plan(chain, after(null, null, true, 1000), entries);
        assertEquals(List.of(ancestor + ":1", ancestor + ":2", at(1)), entries.positions(whole));
        assertEquals(3, whole.total());
        assertEquals(List.of(at(1)), positions(plan(query(LogFilter.NONE, 1000, 0))));

        SessionLogPage first = SessionLogPager.plan(chain, after(null, null, true, 2), entries);
        assertEquals(ancestor + ":2", first.nextCursor());
        assertTrue(first.hasMore());
        SessionLogPage second = SessionLogPager.plan(chain, after(2L, ancestor, true, 2), entries);
        assertEquals(List.of(at(1)), entries.positions(second));
        assertFalse(second.hasMore());

        SessionLogPage plainCursor = SessionLogPager.plan(chain, after(0L, null, true, 10), entries);
        assertEquals(List.of(at(1)), entries.positions(plainCursor), "a plain after_seq counts in the requested run");
    }

    @Test
    void aCursorNamingARunOutsideTheChainIsInvalid() {
        logs(1);
        InvalidValueException refused = assertThrows(InvalidValueException.class,
                () -> plan(after(1L, RunId.random(), true, 10)));
        assertEquals("after_seq", refused.field());
        assertEquals("Invalid after_seq.", refused.getMessage());
    }
}
