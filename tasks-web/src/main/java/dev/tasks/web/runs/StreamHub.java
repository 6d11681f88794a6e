package dev.tasks.web.runs;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.web.http.Caps;
import dev.tasks.web.http.DatabaseOutage;
import dev.tasks.web.runs.SseConnection.Frame;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open {@code stream/} connections of this instance (docs/logs-and-stream.md#the-live-stream), grouped by run. No
 * connection holds a thread: a small scheduled pool "pumps" a run's group when its entries change
 * (a notification), when a connection that was held back has drained, and once a second for every
 * group (the poll that makes a lost notification harmless, and the clock of keepalives, rotation
 * and stalls). A pump reads each new batch once for the whole group and offers it to every
 * connection that has not seen it, as far as that connection's outbox and the instance's frame
 * memory allow: a connection that lags (a long replay, a slow client) gets the rest as it drains,
 * and one that takes nothing for {@code TASKS_STREAM_STALL_SECONDS} is dropped.
 */
@ApplicationScoped
public class StreamHub {

    static final int BATCH = 100;
    /** A batch also stops at this many bytes of entries (but holds one entry at least). */
    static final long BATCH_BYTES = 4L * 1024 * 1024;
    static final long KEEPALIVE_AFTER_MILLIS = 20_000;
    /** How long open connections wait out an unreachable database before they end with an error event. */
    static final long OUTAGE_GRACE_MILLIS = 30_000;
    /** How long a last frame ({@code stream-end}, rotation, error) may take to leave before the connection is cut. */
    static final long LAST_FRAME_MILLIS = 10_000;
    private static final Logger LOG = Logger.getLogger(StreamHub.class.getName());

    static final byte[] KEEPALIVE = SseConnection.controlFrame("keepalive", "{\"type\": \"keepalive\"}");
    static final byte[] STREAM_END = SseConnection.controlFrame("stream-end", "{\"status\": \"complete\"}");
    static final byte[] ROTATED = SseConnection.controlFrame("end", "{\"type\": \"rotated\"}");
    static final byte[] UNAVAILABLE = SseConnection.controlFrame("error", "{\"error\": \"Stream not available\"}");

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    RunEntries entries;

    @Inject
    RunLookup lookup;

    @Inject
    StreamSettings settings;

    @Inject
    StreamFanOut fanOut;

    @Inject
    Clock clock;

    private final Map<RunId, StreamGroup> groups = new ConcurrentHashMap<>();
    private ScheduledFuture<?> ticker;

    @PostConstruct
    void start() {
        ticker = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        groups.values().forEach(group -> group.subscriptions.forEach(this::close));
        groups.clear();
    }

    /**
     * Takes over a request that holds a place in the caps: answers with the stream's headers and a
     * first keepalive, then serves it from the pump. The place is given back when the connection
     * ends, however it ends.
     */
    public void open(Run run, Caps.Place place, HttpServletRequest request, HttpServletResponse response,
                     Runnable finish, long cursor) throws IOException {
        StreamSubscription subscription = new StreamSubscription(run, place, cursor, clock.millis());
        try {
            subscription.connection = SseConnection.open(request, response, settings.retentionDays() * 86_400,
                    settings.maxUnsentBytes(), finish, () -> forget(subscription), () -> wake(run.id()));
        } catch (IOException | RuntimeException e) {
            place.release();
            throw e;
        }
        // Joining and leaving the group are atomic with its removal when empty (see pump).
        groups.compute(run.id(), (id, group) -> {
            StreamGroup member = group == null ? new StreamGroup() : group;
            subscription.group = member;
            member.subscriptions.add(subscription);
            return member;
        });
        if (subscription.connection.isClosed()) {
            forget(subscription);
            return;
        }
        send(subscription, KEEPALIVE);
        wake(run.id());
    }

    /** Entries of the run were committed (here or on another instance), or a lagging connection drained. */
    public void wake(RunId run) {
        StreamGroup group = groups.get(run);
        if (group != null) {
            scheduler.execute(() -> pump(run, group));
        }
    }

    private void tick() {
        groups.forEach(this::pump);
    }

    private void pump(RunId runId, StreamGroup group) {
        group.again.set(true);
        while (group.again.get() && group.pumping.compareAndSet(false, true)) {
            try {
                group.again.set(false);
                deliver(runId, group);
                group.outageSince = 0;
            } catch (RuntimeException e) {
                if (outlasted(group, e)) {
                    LOG.log(Level.WARNING, "Stream of run " + runId + " failed", LogSafe.throwable(e));
                    group.subscriptions.forEach(subscription -> end(subscription, UNAVAILABLE));
                }
            } finally {
                group.pumping.set(false);
            }
        }
        groups.computeIfPresent(runId, (id, current) -> current.subscriptions.isEmpty() ? null : current);
    }

    /**
     * Whether a failed pump ends its connections: yes, unless the database is briefly unreachable (a
     * restart), which the connections wait out for up to {@link #OUTAGE_GRACE_MILLIS}, polling on.
     */
    private boolean outlasted(StreamGroup group, RuntimeException failure) {
        if (!DatabaseOutage.isCause(failure)) {
            return true;
        }
        long now = clock.millis();
        if (group.outageSince == 0) {
            group.outageSince = now;
            LOG.info(() -> "Streams wait for the database: " + LogSafe.text(failure));
        }
        return now - group.outageSince > OUTAGE_GRACE_MILLIS;
    }

    private void deliver(RunId runId, StreamGroup group) {
        // Read once per pass, not once per connection: each call through a bean's proxy allocates.
        long stallNanos = settings.stallSeconds() * 1_000_000_000;
        long maxAgeMillis = settings.maxConnectionSeconds() * 1000;
        long lowWater = fanOut.lowWater();
        for (StreamSubscription subscription : group.subscriptions) {
            if (subscription.connection.isClosed()) {
                forget(subscription);
            } else if (subscription.connection.stalledNanos() > stallNanos) {
                close(subscription);
            }
        }
        boolean changed = group.subscriptions.stream().anyMatch(subscription -> subscription.fresh);
        long from = -1;
        while (true) {
            long next = group.subscriptions.stream().filter(subscription -> StreamFanOut.hasRoom(subscription, lowWater))
                    .mapToLong(subscription -> subscription.cursor).min().orElse(-1);
            if (next < 0 || next == from) {
                break; // nobody can take more now, or nobody took the last batch
            }
            from = next;
            // Read no more than the roomiest connection can take (one entry at least).
            long room = group.subscriptions.stream().filter(subscription -> StreamFanOut.hasRoom(subscription, lowWater))
                    .mapToLong(subscription -> lowWater - subscription.connection.unsent()).max().orElse(1);
            long readBytes = Math.max(1, Math.min(BATCH_BYTES, room));
            List<RunEntries.Entry> batch = entries.read(runId, null, from, BATCH, readBytes);
            changed |= !batch.isEmpty();
            if (!batch.isEmpty()) {
                fanOut.offer(group, batch, this::send);
            }
            // A batch cut short neither by its count nor by its bytes was the last one.
            long bytes = batch.stream().mapToLong(entry -> entry.body().length()).sum();
            if (batch.size() < BATCH && bytes < readBytes) {
                break;
            }
        }
        long now = clock.millis();
        StreamSubscription any = group.subscriptions.isEmpty() ? null : group.subscriptions.getFirst();
        // Only new entries can end a run (its final state is an entry), so an idle poll skips this read.
        Optional<Run> current = any == null || !changed ? Optional.empty() : lookup.current(any.run);
        long last = current.isPresent() && current.get().status().isTerminal()
                ? entries.lastSeq(runId, null, null) : -1;
        for (StreamSubscription subscription : group.subscriptions) {
            subscription.fresh = false;
            if (last >= 0 && subscription.cursor >= last) {
                end(subscription, STREAM_END);
            } else if (now - subscription.openedAt >= maxAgeMillis) {
                end(subscription, ROTATED);
            } else if (now - subscription.lastFrameAt >= KEEPALIVE_AFTER_MILLIS) {
                send(subscription, KEEPALIVE);
            }
        }
    }

    private void send(StreamSubscription subscription, byte[] control) {
        send(subscription, new Frame(control, null));
    }

    private void send(StreamSubscription subscription, Frame frame) {
        if (!subscription.connection.send(frame)) {
            forget(subscription);
            return;
        }
        subscription.lastFrameAt = clock.millis();
    }

    /**
     * Ends a connection with a last frame: it leaves the group at once, and its socket closes once the
     * frame is written, or after {@link #LAST_FRAME_MILLIS} at the latest.
     */
    private void end(StreamSubscription subscription, byte[] last) {
        forget(subscription);
        SseConnection connection = subscription.connection;
        connection.closeAfter(new Frame(last, null));
        scheduler.schedule(connection::close, LAST_FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The connection no longer belongs to its group, nor holds a place in the caps. */
    private void forget(StreamSubscription subscription) {
        StreamGroup group = subscription.group;
        if (group != null) {
            group.subscriptions.remove(subscription);
        }
        subscription.place.release();
    }

    private void close(StreamSubscription subscription) {
        forget(subscription);
        subscription.connection.close();
    }

    /** Bytes of data frames that wait in outboxes now (each frame once). */
    public long frameBytes() {
        return fanOut.frameBytes();
    }
}
