package dev.tasks.web.runs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** The connections of one run; at most one pump of it runs at a time, and a request made during one repeats it. */
final class StreamGroup {

    final List<StreamSubscription> subscriptions = new CopyOnWriteArrayList<>();
    final AtomicBoolean pumping = new AtomicBoolean();
    final AtomicBoolean again = new AtomicBoolean();
    /** When the database became unreachable for this group's pumps (0: it is reachable). */
    volatile long outageSince;
}
