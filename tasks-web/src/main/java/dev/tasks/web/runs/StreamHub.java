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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open {@code stream/} connections of this instance (logs-and-stream.md §6), grouped by run. No
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
    static final int FAN_OUT_SLICE = 250;
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

    /** Writes slices of large groups; separate from the pump pool, so a pump waiting on them cannot starve them. */
    @Resource
    ManagedExecutorService writers;

    @Inject
    RunEntries entries;

    @Inject
    RunService runs;

    @Inject
    StreamSettings settings;

    @Inject
    Clock clock;

    private final Map<RunId, Group> groups = new ConcurrentHashMap<>();
    /** Bytes of data frames waiting in some outbox, each frame counted once however many hold it. */
    private final AtomicLong frameMemory = new AtomicLong();
    private long frameBudget;
    private ScheduledFuture<?> ticker;

    /** One open connection. Its cursor is the last sequence number offered to it. */
    static final class Subscription {
        final Run run;
        final Caps.Place place;
        volatile Group group;
        volatile SseConnection connection;
        final long openedAt;
        volatile long cursor;
        volatile long lastFrameAt;
        /** Not yet checked against the run's status (a run ends by appending its final state event). */
        volatile boolean fresh = true;

        Subscription(Run run, Caps.Place place, long cursor, long now) {
            this.run = run;
            this.place = place;
            this.cursor = cursor;
            this.openedAt = now;
            this.lastFrameAt = now;
        }
    }

    /** The connections of one run; at most one pump of it runs at a time, and a request made during one repeats it. */
    static final class Group {
        final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
        final AtomicBoolean pumping = new AtomicBoolean();
        final AtomicBoolean again = new AtomicBoolean();
        /** When the database became unreachable for this group's pumps (0: it is reachable). */
        volatile long outageSince;
    }

    @PostConstruct
    void start() {
        frameBudget = Runtime.getRuntime().maxMemory() / 8;
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
        Subscription subscription = new Subscription(run, place, cursor, clock.millis());
        try {
            subscription.connection = SseConnection.open(request, response, settings.retentionDays() * 86_400,
                    settings.maxUnsentBytes(), finish, () -> forget(subscription), () -> wake(run.id()));
        } catch (IOException | RuntimeException e) {
            place.release();
            throw e;
        }
        // Joining and leaving the group are atomic with its removal when empty (see pump).
        groups.compute(run.id(), (id, group) -> {
            Group member = group == null ? new Group() : group;
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
        Group group = groups.get(run);
        if (group != null) {
            scheduler.execute(() -> pump(run, group));
        }
    }

    private void tick() {
        groups.forEach(this::pump);
    }

    private void pump(RunId runId, Group group) {
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
    private boolean outlasted(Group group, RuntimeException failure) {
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

    private void deliver(RunId runId, Group group) {
        for (Subscription subscription : group.subscriptions) {
            if (subscription.connection.isClosed()) {
                forget(subscription);
            } else if (subscription.connection.stalledNanos() > settings.stallSeconds() * 1_000_000_000) {
                close(subscription);
            }
        }
        boolean changed = group.subscriptions.stream().anyMatch(subscription -> subscription.fresh);
        long from = -1;
        while (true) {
            long next = group.subscriptions.stream().filter(this::hasRoom).mapToLong(subscription -> subscription.cursor)
                    .min().orElse(-1);
            if (next < 0 || next == from) {
                break; // nobody can take more now, or nobody took the last batch
            }
            from = next;
            // Read no more than the roomiest connection can take (one entry at least).
            long room = group.subscriptions.stream().filter(this::hasRoom)
                    .mapToLong(subscription -> lowWater() - subscription.connection.unsent()).max().orElse(1);
            long readBytes = Math.max(1, Math.min(BATCH_BYTES, room));
            List<RunEntries.Entry> batch = entries.read(runId, null, from, BATCH, readBytes);
            changed |= !batch.isEmpty();
            if (!batch.isEmpty()) {
                fanOut(group, batch);
            }
            // A batch cut short neither by its count nor by its bytes was the last one.
            long bytes = batch.stream().mapToLong(entry -> entry.body().length()).sum();
            if (batch.size() < BATCH && bytes < readBytes) {
                break;
            }
        }
        long now = clock.millis();
        Subscription any = group.subscriptions.isEmpty() ? null : group.subscriptions.getFirst();
        // Only new entries can end a run (its final state is an entry), so an idle poll skips this read.
        Optional<Run> current = any == null || !changed ? Optional.empty() : runs.current(any.run);
        long last = current.isPresent() && current.get().status().isTerminal()
                ? entries.lastSeq(runId, null, null) : -1;
        for (Subscription subscription : group.subscriptions) {
            subscription.fresh = false;
            if (last >= 0 && subscription.cursor >= last) {
                end(subscription, STREAM_END);
            } else if (now - subscription.openedAt >= settings.maxConnectionSeconds() * 1000) {
                end(subscription, ROTATED);
            } else if (now - subscription.lastFrameAt >= KEEPALIVE_AFTER_MILLIS) {
                send(subscription, KEEPALIVE);
            }
        }
    }

    /** Whether a connection may be offered more: its outbox is nearly empty. */
    private boolean hasRoom(Subscription subscription) {
        return subscription.connection.unsent() <= lowWater();
    }

    private long lowWater() {
        return Math.max(64 * 1024, Math.min(1024 * 1024, settings.maxUnsentBytes() / 4));
    }

    /**
     * Offers a batch to every connection that has not seen it. Each frame is built once and shared;
     * large groups are split into slices handed out in parallel on the pool, so the last connection
     * of a thousand does not wait for the 999 before it. No write waits for a client.
     */
    private void fanOut(Group group, List<RunEntries.Entry> batch) {
        List<Subscription> subscriptions = List.copyOf(group.subscriptions);
        List<Frame> frames = batch.stream()
                .map(entry -> new Frame(SseConnection.dataFrame(entry.seq(), entry.body()), frameMemory))
                .toList();
        List<Future<?>> slices = new ArrayList<>();
        for (int from = FAN_OUT_SLICE; from < subscriptions.size(); from += FAN_OUT_SLICE) {
            List<Subscription> slice = subscriptions.subList(from, Math.min(subscriptions.size(), from + FAN_OUT_SLICE));
            slices.add(writers.submit(() -> offer(slice, batch, frames)));
        }
        offer(subscriptions.subList(0, Math.min(subscriptions.size(), FAN_OUT_SLICE)), batch, frames);
        for (Future<?> slice : slices) {
            try {
                slice.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Sends each connection the frames it has not seen, in order, while its outbox has room and the
     * instance's frame memory allows a frame no outbox holds yet; a connection held back is told to
     * ask again when it drains.
     */
    private void offer(List<Subscription> slice, List<RunEntries.Entry> batch, List<Frame> frames) {
        for (Subscription subscription : slice) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).seq() <= subscription.cursor) {
                    continue;
                }
                Frame frame = frames.get(i);
                boolean memory = frame.isHeld() || frameMemory.get() == 0
                        || frameMemory.get() + frame.length() <= frameBudget;
                if (!hasRoom(subscription) || !memory) {
                    subscription.connection.throttle();
                    break;
                }
                send(subscription, frame);
                subscription.cursor = batch.get(i).seq();
            }
        }
    }

    private void send(Subscription subscription, byte[] control) {
        send(subscription, new Frame(control, null));
    }

    private void send(Subscription subscription, Frame frame) {
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
    private void end(Subscription subscription, byte[] last) {
        forget(subscription);
        SseConnection connection = subscription.connection;
        connection.closeAfter(new Frame(last, null));
        scheduler.schedule(connection::close, LAST_FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The connection no longer belongs to its group, nor holds a place in the caps. */
    private void forget(Subscription subscription) {
        Group group = subscription.group;
        if (group != null) {
            group.subscriptions.remove(subscription);
        }
        subscription.place.release();
    }

    private void close(Subscription subscription) {
        forget(subscription);
        subscription.connection.close();
    }

    /** Bytes of data frames that wait in outboxes now (each frame once). */
    public long frameBytes() {
        return frameMemory.get();
    }
}
