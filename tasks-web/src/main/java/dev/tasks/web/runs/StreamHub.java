package dev.tasks.web.runs;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
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
    static final int FAN_OUT_SLICE = 250;
    static final long KEEPALIVE_AFTER_MILLIS = 20_000;
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
    private ScheduledFuture<?> ticker;

    /** One open connection. Its cursor is the last sequence number written to it. */
    static final class Subscription {
        final Run run;
        final SseEventSink sink;
        final Sse sse;
        final long openedAt;
        volatile long cursor;
        volatile long lastFrameAt;
        /** Not yet checked against the run's status (a run ends by appending its final state event). */
        volatile boolean fresh = true;

        Subscription(Run run, SseEventSink sink, Sse sse, long cursor, long now) {
            this.run = run;
            this.sink = sink;
            this.sse = sse;
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

    /** Starts serving a connection that has already received its first keepalive. */
    public void open(Run run, SseEventSink sink, Sse sse, long cursor) {
        Group group = groups.computeIfAbsent(run.id(), id -> new Group());
        group.subscriptions.add(new Subscription(run, sink, sse, cursor, clock.millis()));
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
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Stream of run " + runId + " failed", e);
                group.subscriptions.forEach(subscription -> fail(group, subscription));
            } finally {
                group.pumping.set(false);
            }
        }
        if (group.subscriptions.isEmpty()) {
            groups.remove(runId, group);
        }
    }

    private void deliver(RunId runId, Group group) {
        group.subscriptions.removeIf(subscription -> subscription.sink.isClosed());
        if (group.subscriptions.isEmpty()) {
            return;
        }
        boolean changed = group.subscriptions.stream().anyMatch(subscription -> subscription.fresh);
        while (true) {
            long from = group.subscriptions.stream().mapToLong(subscription -> subscription.cursor).min().orElse(0);
            List<RunEntries.Entry> batch = entries.read(runId, null, from, BATCH);
            changed |= !batch.isEmpty();
            if (!batch.isEmpty()) {
                fanOut(group, batch);
            }
            if (batch.size() < BATCH) {
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
                send(group, subscription, control(subscription, "stream-end", "{\"status\": \"complete\"}"));
                close(group, subscription);
            } else if (now - subscription.openedAt >= settings.maxConnectionSeconds() * 1000) {
                send(group, subscription, control(subscription, "end", "{\"type\": \"rotated\"}"));
                close(group, subscription);
            } else if (now - subscription.lastFrameAt >= KEEPALIVE_AFTER_MILLIS) {
                send(group, subscription, keepalive(subscription.sse));
            }
        }
    }

    /**
     * Writes a batch to every connection that has not seen it. Each event is built once; large groups
     * are split into slices written in parallel on the pool, so the last connection of a thousand does
     * not wait for the 999 writes before it.
     */
    private void fanOut(Group group, List<RunEntries.Entry> batch) {
        List<Subscription> subscriptions = List.copyOf(group.subscriptions);
        Sse sse = subscriptions.getFirst().sse;
        List<OutboundSseEvent> events = batch.stream()
                .map(entry -> sse.newEventBuilder().id(String.valueOf(entry.seq())).data(entry.body()).build())
                .toList();
        List<Future<?>> slices = new ArrayList<>();
        for (int from = FAN_OUT_SLICE; from < subscriptions.size(); from += FAN_OUT_SLICE) {
            List<Subscription> slice = subscriptions.subList(from, Math.min(subscriptions.size(), from + FAN_OUT_SLICE));
            slices.add(writers.submit(() -> write(group, slice, batch, events)));
        }
        write(group, subscriptions.subList(0, Math.min(subscriptions.size(), FAN_OUT_SLICE)), batch, events);
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

    private void write(Group group, List<Subscription> slice, List<RunEntries.Entry> batch,
                       List<OutboundSseEvent> events) {
        for (Subscription subscription : slice) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).seq() > subscription.cursor) {
                    send(group, subscription, events.get(i));
                    subscription.cursor = batch.get(i).seq();
                }
            }
        }
    }

    static OutboundSseEvent keepalive(Sse sse) {
        return sse.newEventBuilder().name("keepalive").data("{\"type\": \"keepalive\"}").build();
    }

    private static OutboundSseEvent control(Subscription subscription, String name, String data) {
        return subscription.sse.newEventBuilder().name(name).data(data).build();
    }

    private void send(Group group, Subscription subscription, OutboundSseEvent event) {
        if (subscription.sink.isClosed()) {
            group.subscriptions.remove(subscription);
            return;
        }
        subscription.sink.send(event).exceptionally(error -> {
            close(group, subscription);
            return null;
        });
        subscription.lastFrameAt = clock.millis();
    }

    private void fail(Group group, Subscription subscription) {
        send(group, subscription, control(subscription, "error", "{\"error\": \"Stream not available\"}"));
        close(group, subscription);
    }

    private static void close(Group group, Subscription subscription) {
        group.subscriptions.remove(subscription);
        try {
            subscription.sink.close();
        } catch (IOException | RuntimeException ignored) {
            // the client is gone already
        }
    }
}
