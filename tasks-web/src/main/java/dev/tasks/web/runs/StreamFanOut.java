package dev.tasks.web.runs;

import dev.tasks.domain.run.RunEntries;
import dev.tasks.web.runs.SseConnection.Frame;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * How a batch of entries reaches the connections of a run's group ({@link StreamHub}): each frame is
 * built once and shared, a connection is offered frames only while its outbox is nearly empty, and
 * the data frames waiting in outboxes may hold together at most an eighth of the heap (each frame
 * counted once however many outboxes hold it).
 */
@ApplicationScoped
public class StreamFanOut {

    /** Groups larger than this are offered a batch in slices, in parallel. */
    static final int SLICE = 250;

    /** Writes slices of large groups; separate from the pump pool, so a pump waiting on them cannot starve them. */
    @Resource
    ManagedExecutorService writers;

    @Inject
    StreamSettings settings;

    /** Bytes of data frames waiting in some outbox, each frame counted once however many hold it. */
    private final AtomicLong frameMemory = new AtomicLong();
    private long frameBudget;
    /**
     * Outboxes holding at most this many bytes are "nearly empty". Settings are read once here: the
     * fan-out asks this for every connection of every batch, and a call through a bean's proxy costs
     * an allocation each time.
     */
    private long lowWater;

    @PostConstruct
    void start() {
        frameBudget = Runtime.getRuntime().maxMemory() / 8;
        lowWater = Math.max(64 * 1024, Math.min(1024 * 1024, settings.maxUnsentBytes() / 4));
    }

    /** Whether a connection may be offered more: its outbox holds at most {@code lowWater} bytes. */
    static boolean hasRoom(StreamSubscription subscription, long lowWater) {
        return subscription.connection.unsent() <= lowWater;
    }

    long lowWater() {
        return lowWater;
    }

    /**
     * Offers a batch to every connection that has not seen it, through {@code send}. Large groups are
     * split into slices handed out in parallel on the pool, so the last connection of a thousand does
     * not wait for the 999 before it. No write waits for a client.
     */
    void offer(StreamGroup group, List<RunEntries.Entry> batch, BiConsumer<StreamSubscription, Frame> send) {
        List<StreamSubscription> subscriptions = List.copyOf(group.subscriptions);
        List<Frame> frames = batch.stream()
                .map(entry -> new Frame(SseConnection.dataFrame(entry.seq(), entry.body()), frameMemory))
                .toList();
        List<Future<?>> slices = new ArrayList<>();
        for (int from = SLICE; from < subscriptions.size(); from += SLICE) {
            List<StreamSubscription> slice = subscriptions.subList(from, Math.min(subscriptions.size(), from + SLICE));
            slices.add(writers.submit(() -> offer(slice, batch, frames, send)));
        }
        offer(subscriptions.subList(0, Math.min(subscriptions.size(), SLICE)), batch, frames, send);
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
    private void offer(List<StreamSubscription> slice, List<RunEntries.Entry> batch, List<Frame> frames,
                       BiConsumer<StreamSubscription, Frame> send) {
        for (StreamSubscription subscription : slice) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).seq() <= subscription.cursor) {
                    continue;
                }
                Frame frame = frames.get(i);
                boolean memory = frame.isHeld() || frameMemory.get() == 0
                        || frameMemory.get() + frame.length() <= frameBudget;
                if (!hasRoom(subscription, lowWater) || !memory) {
                    subscription.connection.throttle();
                    break;
                }
                send.accept(subscription, frame);
                subscription.cursor = batch.get(i).seq();
            }
        }
    }

    /** Bytes of data frames that wait in outboxes now (each frame once). */
    long frameBytes() {
        return frameMemory.get();
    }
}
