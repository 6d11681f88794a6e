package dev.tasks.web.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * How many long-lived responses (streams, downloads) each API key, and this instance in all, may
 * hold at once. Per instance on purpose: the caps bound what one instance holds (threads, queued
 * bytes), and a second instance brings its own capacity.
 */
public final class Caps {

    private final IntSupplier maxPerKey;
    private final IntSupplier maxTotal;
    private final int retryAfterSeconds;
    private final Map<Object, Integer> perKey = new HashMap<>();
    private int total;

    public Caps(IntSupplier maxPerKey, IntSupplier maxTotal, int retryAfterSeconds) {
        this.maxPerKey = maxPerKey;
        this.maxTotal = maxTotal;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A place taken by one response, given back once however many times it is asked to. */
    public final class Place {
        private final Object key;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Place(Object key) {
            this.key = key;
        }

        public void release() {
            if (held.compareAndSet(true, false)) {
                leave(key);
            }
        }
    }

    /** Takes a place for {@code key}, or refuses it with 429 ({@code throttled}) when a cap is reached. */
    public synchronized Place admit(Object key) {
        int ofKey = perKey.getOrDefault(key, 0);
        if (ofKey >= maxPerKey.getAsInt() || total >= maxTotal.getAsInt()) {
            throw ApiException.throttled(retryAfterSeconds);
        }
        perKey.put(key, ofKey + 1);
        total++;
        return new Place(key);
    }

    private synchronized void leave(Object key) {
        int ofKey = perKey.getOrDefault(key, 0) - 1;
        if (ofKey <= 0) {
            perKey.remove(key);
        } else {
            perKey.put(key, ofKey);
        }
        total--;
    }

    /** How many places are taken on this instance. */
    public synchronized int open() {
        return total;
    }
}
