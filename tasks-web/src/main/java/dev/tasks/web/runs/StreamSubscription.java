package dev.tasks.web.runs;

import dev.tasks.domain.run.Run;
import dev.tasks.web.http.Caps;

/** One open connection. Its cursor is the last sequence number offered to it. */
final class StreamSubscription {

    final Run run;
    final Caps.Place place;
    volatile StreamGroup group;
    volatile SseConnection connection;
    final long openedAt;
    volatile long cursor;
    volatile long lastFrameAt;
    /** Not yet checked against the run's status (a run ends by appending its final state event). */
    volatile boolean fresh = true;

    StreamSubscription(Run run, Caps.Place place, long cursor, long now) {
        this.run = run;
        this.place = place;
        this.cursor = cursor;
        this.openedAt = now;
        this.lastFrameAt = now;
    }
}
