package dev.tasks.domain.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a run last showed agent activity (docs/logs-and-stream.md#agent-activity): an append that carries the
 * agent's own log entries is activity, server events are not, and the recorded time moves at most
 * once per {@link #RESOLUTION}, so a chatty agent does not rewrite the run row on every append. The
 * entries adapter applies {@link #recordedAfter} in its update statement through {@link #staleBefore}.
 */
public final class AgentActivity {

    /** The recorded activity time moves at most this often. */
    public static final Duration RESOLUTION = Duration.ofSeconds(60);

    private AgentActivity() {
    }

    /** Whether appending {@code entries} is agent activity. */
    public static boolean isActivity(List<RunEntries.NewEntry> entries) {
        return entries.stream().anyMatch(entry -> entry.kind() == EntryKind.LOG);
    }

    /** A recorded time older than this is replaced by an append of activity at {@code now}. */
    public static Instant staleBefore(Instant now) {
        return now.minus(RESOLUTION);
    }

    /** The activity time recorded after an append of activity at {@code now}; {@code recorded} may be null. */
    public static Instant recordedAfter(Instant recorded, Instant now) {
        return recorded == null || recorded.isBefore(staleBefore(now)) ? now : recorded;
    }
}
