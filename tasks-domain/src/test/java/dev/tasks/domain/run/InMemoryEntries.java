package dev.tasks.domain.run;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The entries port over lists, for the rules that plan reads from counts and sizes: only the
 * counting and sizing queries are answered, and each entry's text is represented by its size.
 */
final class InMemoryEntries implements RunEntries {

    /** A stored entry, its text reduced to its length. */
    record Stored(long seq, EntryKind kind, String eventType, Instant timestamp, long bytes) {
    }

    private final Map<RunId, List<Stored>> runs = new HashMap<>();

    /** Appends a {@code log} entry of {@code bytes} bytes; returns its sequence number. */
    long log(RunId run, String eventType, Instant timestamp, long bytes) {
        return add(run, EntryKind.LOG, eventType, timestamp, bytes);
    }

    /** Appends a server event; returns its sequence number. */
    long event(RunId run, String eventType) {
        return add(run, EntryKind.EVENT, eventType, null, 100);
    }

    private long add(RunId run, EntryKind kind, String eventType, Instant timestamp, long bytes) {
        List<Stored> entries = runs.computeIfAbsent(run, id -> new ArrayList<>());
        long seq = entries.size() + 1;
        entries.add(new Stored(seq, kind, eventType, timestamp, bytes));
        return seq;
    }

    /** The positions a planned page holds, {@code <run>:<seq>} each, in page order. */
    List<String> positions(SessionLogPage page) {
        return page.slices().stream().flatMap(slice -> logs(slice.run(), slice.afterSeq(), page.filter())
                .filter(entry -> entry.seq() <= slice.throughSeq())
                .map(entry -> slice.run() + ":" + entry.seq())).toList();
    }

    private Stream<Stored> logs(RunId run, long afterSeq, LogFilter filter) {
        return runs.getOrDefault(run, List.of()).stream()
                .filter(entry -> entry.kind() == EntryKind.LOG && entry.seq() > afterSeq)
                .filter(entry -> filter.after() == null
                        || entry.timestamp() != null && entry.timestamp().isAfter(filter.after()))
                .filter(entry -> filter.eventTypes().isEmpty() || filter.eventTypes().contains(entry.eventType()))
                .filter(entry -> !filter.excludeTypes().contains(entry.eventType()));
    }

    @Override
    public long countLogs(RunId run, long afterSeq, LogFilter filter) {
        return logs(run, afterSeq, filter).count();
    }

    @Override
    public List<EntrySize> logSizes(RunId run, long afterSeq, LogFilter filter, long offset, int limit) {
        return logs(run, afterSeq, filter).skip(offset).limit(limit)
                .map(entry -> new EntrySize(entry.seq(), entry.bytes())).toList();
    }

    @Override
    public long lastSeq(RunId run, EntryKind kind, String eventType) {
        return runs.getOrDefault(run, List.of()).stream()
                .filter(entry -> kind == null || entry.kind() == kind)
                .filter(entry -> eventType == null || entry.eventType().equals(eventType))
                .mapToLong(Stored::seq).max().orElse(0);
    }

    @Override
    public long append(RunId run, List<NewEntry> entries, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Run> appendReached(ProjectId project, UserId viewer, TaskAccess access, TaskId task, RunId run,
                                       List<NewEntry> entries, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Entry> read(RunId run, EntryKind kind, long afterSeq, int limit, long maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Entry> readLogs(RunId run, long afterSeq, long throughSeq, LogFilter filter, int limit,
                                long maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long deleteCreatedBefore(Instant cutoff, int batch, long batchBytes) {
        throw new UnsupportedOperationException();
    }
}
