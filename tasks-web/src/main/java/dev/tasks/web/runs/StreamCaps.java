package dev.tasks.web.runs;

import dev.tasks.web.http.Caps;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How many {@code stream/} connections each API key, and this instance in all, may hold open
 * ({@code TASKS_STREAM_MAX_PER_KEY}, {@code TASKS_STREAM_MAX_TOTAL}; 429 beyond).
 */
@ApplicationScoped
public class StreamCaps {

    /** What a refused connection is told to wait (429 {@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 10;

    @Inject
    StreamSettings settings;

    private Caps caps;

    @PostConstruct
    void init() {
        caps = new Caps(settings::maxStreamsPerKey, settings::maxStreamsTotal, RETRY_AFTER_SECONDS);
    }

    public Caps caps() {
        return caps;
    }
}
