package dev.tasks.domain.run;

/**
 * Where a {@code stream/} connection starts (docs/logs-and-stream.md#where-a-stream-starts): after the client's
 * {@code Last-Event-ID}; with {@code start=latest} after the newest entry, except that a terminal
 * run replays its last state event so the client learns the outcome; otherwise from the first entry.
 */
public final class StreamStart {

    private StreamStart() {
    }

    /**
     * The sequence number after which the stream delivers.
     *
     * @param lastEventId the client's resume position, or null
     * @param latest whether the query asked for {@code start=latest}
     */
    public static long cursor(Long lastEventId, boolean latest, Run run, RunEntries entries) {
        if (lastEventId != null) {
            return lastEventId;
        }
        if (!latest) {
            return 0;
        }
        return run.status().isTerminal()
                ? Math.max(0, entries.lastSeq(run.id(), EntryKind.EVENT, RunEntries.RUN_STATE) - 1)
                : entries.lastSeq(run.id(), null, null);
    }
}
