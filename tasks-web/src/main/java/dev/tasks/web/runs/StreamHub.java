package dev.tasks.web.runs;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.DatabaseOutage;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open {@code stream/} connections of this instance (logs-and-stream.md §6), grouped by run. No
 * connection holds a thread: a small scheduled pool "pumps" a run's group when its entries change
 * (a notification) and once a second for every group (the poll that makes a lost notification
 * harmless, and the clock of keepalives and rotation). A pump reads each new batch once for the
 * whole group and writes it to every connection that has not seen it.
 */
@ApplicationScoped
public class StreamHub {

    static final int BATCH = 100;
    /** A batch also stops at this many bytes of entries (but holds one entry at least). */
    static final long BATCH_BYTES = 4L * 1024 * 1024;
    static final int FAN_OUT_SLICE = 250;
    static final long KEEPALIVE_AFTER_MILLIS = 20_000;
    /** What a refused connection is told to wait (429 {@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 10;
    /** How long open connections wait out an unreachable database before they end with an error event. */
    static final long OUTAGE_GRACE_MILLIS = 30_000;
    private static final Logger LOG = Logger.getLogger(StreamHub.class.getName());

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
    /** Open connections per API key, and in all, on this instance. */
    private final Map<UUID, Integer> perKey = new HashMap<>();
    private int total;
    private ScheduledFuture<?> ticker;

    /** One open connection. Its cursor is the last sequence number written to it. */
    static final class Subscription {
        final Run run;
        final UUID key;
        final SseConnection connection;
        final long openedAt;
        final AtomicBoolean counted = new AtomicBoolean(true);
        volatile long cursor;
        volatile long lastFrameAt;
        /** Not yet checked against the run's status (a run ends by appending its final state event). */
        volatile boolean fresh = true;

        Subscription(Run run, UUID key, SseConnection connection, long cursor, long now) {
            this.run = run;
            this.key = key;
            this.connection = connection;
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
        ticker = scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        groups.values().forEach(group -> group.subscriptions.forEach(subscription -> close(group, subscription)));
        groups.clear();
    }

    /**
     * Counts a new connection of {@code key} against the caps ({@code TASKS_STREAM_MAX_PER_KEY},
     * {@code TASKS_STREAM_MAX_TOTAL}); refused with 429 when either is reached. A connection admitted
     * here must be {@link #open opened} or {@link #leave left}.
     */
    public synchronized void admit(UUID key) {
        int ofKey = perKey.getOrDefault(key, 0);
        if (ofKey >= settings.maxStreamsPerKey() || total >= settings.maxStreamsTotal()) {
            throw ApiException.throttled(RETRY_AFTER_SECONDS);
        }
        perKey.put(key, ofKey + 1);
        total++;
    }

    /** An admitted connection that ended before it was opened. */
    public synchronized void leave(UUID key) {
        int ofKey = perKey.getOrDefault(key, 0) - 1;
        if (ofKey <= 0) {
            perKey.remove(key);
        } else {
            perKey.put(key, ofKey);
        }
        total--;
    }

    /** How many connections are open on this instance. */
    public synchronized int openConnections() {
        return total;
    }

    /**
     * Takes over an admitted request: answers with the stream's headers and a first keepalive, then
     * serves it from the pump. The connection leaves the caps when it ends, however it ends.
     */
    public void open(Run run, UUID key, HttpServletRequest request, HttpServletResponse response, Runnable finish,
                     long cursor) throws IOException {
        Group group = groups.computeIfAbsent(run.id(), id -> new Group());
        AtomicReference<Subscription> opened = new AtomicReference<>();
        SseConnection connection = SseConnection.open(request, response, settings.retentionDays() * 86_400,
                settings.maxUnsentBytes(), finish, () -> {
                    Subscription subscription = opened.get();
                    if (subscription != null) {
                        forget(group, subscription);
                    } else {
                        leave(key);
                    }
                });
        Subscription subscription = new Subscription(run, key, connection, cursor, clock.millis());
        opened.set(subscription);
        group.subscriptions.add(subscription);
        connection.send(KEEPALIVE);
        if (connection.isClosed()) {
            forget(group, subscription);
        }
        wake(run.id());
    }

    /** Entries of the run were committed (here or on another instance). */
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
                    group.subscriptions.forEach(subscription -> fail(group, subscription));
                }
            } finally {
                group.pumping.set(false);
            }
        }
        if (group.subscriptions.isEmpty()) {
            groups.remove(runId, group);
        }
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
                forget(group, subscription);
            }
        }
        if (group.subscriptions.isEmpty()) {
            return;
        }
        boolean changed = group.subscriptions.stream().anyMatch(subscription -> subscription.fresh);
        while (true) {
            long from = group.subscriptions.stream().mapToLong(subscription -> subscription.cursor).min().orElse(0);
            List<RunEntries.Entry> batch = entries.read(runId, null, from, BATCH, BATCH_BYTES);
            changed |= !batch.isEmpty();
            if (!batch.isEmpty()) {
                fanOut(group, batch);
            }
            // A batch cut short neither by its count nor by its bytes was the last one.
            long bytes = batch.stream().mapToLong(entry -> entry.body().length()).sum();
            if (batch.size() < BATCH && bytes < BATCH_BYTES) {
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
                send(group, subscription, STREAM_END);
                close(group, subscription);
            } else if (now - subscription.openedAt >= settings.maxConnectionSeconds() * 1000) {
                send(group, subscription, ROTATED);
                close(group, subscription);
            } else if (now - subscription.lastFrameAt >= KEEPALIVE_AFTER_MILLIS) {
                send(group, subscription, KEEPALIVE);
            }
        }
    }

    /**
     * Writes a batch to every connection that has not seen it. Each frame is built once and shared;
     * large groups are split into slices handed out in parallel on the pool, so the last connection
     * of a thousand does not wait for the 999 before it. No write waits for a client.
     */
    private void fanOut(Group group, List<RunEntries.Entry> batch) {
        List<Subscription> subscriptions = List.copyOf(group.subscriptions);
        List<byte[]> frames = batch.stream()
                .map(entry -> SseConnection.dataFrame(entry.seq(), entry.body().toString()))
                .toList();
        List<Future<?>> slices = new ArrayList<>();
        for (int from = FAN_OUT_SLICE; from < subscriptions.size(); from += FAN_OUT_SLICE) {
            List<Subscription> slice = subscriptions.subList(from, Math.min(subscriptions.size(), from + FAN_OUT_SLICE));
            slices.add(writers.submit(() -> write(group, slice, batch, frames)));
        }
        write(group, subscriptions.subList(0, Math.min(subscriptions.size(), FAN_OUT_SLICE)), batch, frames);
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

    private void write(Group group, List<Subscription> slice, List<RunEntries.Entry> batch, List<byte[]> frames) {
        for (Subscription subscription : slice) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).seq() > subscription.cursor) {
                    send(group, subscription, frames.get(i));
                    subscription.cursor = batch.get(i).seq();
                }
            }
        }
    }

    static final byte[] KEEPALIVE = SseConnection.controlFrame("keepalive", "{\"type\": \"keepalive\"}");
    static final byte[] STREAM_END = SseConnection.controlFrame("stream-end", "{\"status\": \"complete\"}");
    static final byte[] ROTATED = SseConnection.controlFrame("end", "{\"type\": \"rotated\"}");
    static final byte[] UNAVAILABLE = SseConnection.controlFrame("error", "{\"error\": \"Stream not available\"}");

    private void send(Group group, Subscription subscription, byte[] frame) {
        if (!subscription.connection.send(frame)) {
            forget(group, subscription);
            return;
        }
        subscription.lastFrameAt = clock.millis();
    }

    private void fail(Group group, Subscription subscription) {
        send(group, subscription, UNAVAILABLE);
        close(group, subscription);
    }

    /** The connection no longer belongs to its group, nor counts against the caps. */
    private void forget(Group group, Subscription subscription) {
        group.subscriptions.remove(subscription);
        if (subscription.counted.compareAndSet(true, false)) {
            leave(subscription.key);
        }
    }

    private void close(Group group, Subscription subscription) {
        forget(group, subscription);
        subscription.connection.close();
    }
}
