package dev.tasks.web.runs;

import dev.tasks.web.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many {@code stream/} connections each API key, and this instance in all, may hold open
 * ({@code TASKS_STREAM_MAX_PER_KEY}, {@code TASKS_STREAM_MAX_TOTAL}). The caps are per instance: they
 * bound what one instance holds, and a second instance brings its own capacity.
 */
@ApplicationScoped
public class StreamCaps {

    /** What a refused connection is told to wait (429 {@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 10;

    @Inject
    StreamSettings settings;

    private final Map<UUID, Integer> perKey = new HashMap<>();
    private int total;

    /** A place taken by one connection, given back once however many times it is asked to. */
    public final class Place {
        private final UUID key;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Place(UUID key) {
            this.key = key;
        }

        public void release() {
            if (held.compareAndSet(true, false)) {
                leave(key);
            }
        }
    }

    /** Takes a place for a connection of {@code key}, or refuses it with 429 when a cap is reached. */
    public synchronized Place admit(UUID key) {
        int ofKey = perKey.getOrDefault(key, 0);
        if (ofKey >= settings.maxStreamsPerKey() || total >= settings.maxStreamsTotal()) {
            throw ApiException.throttled(RETRY_AFTER_SECONDS);
        }
        perKey.put(key, ofKey + 1);
        total++;
        return new Place(key);
    }

    private synchronized void leave(UUID key) {
        int ofKey = perKey.getOrDefault(key, 0) - 1;
        if (ofKey <= 0) {
            perKey.remove(key);
        } else {
            perKey.put(key, ofKey);
        }
        total--;
    }

    /** How many connections hold a place on this instance. */
    public synchronized int open() {
        return total;
    }
}
