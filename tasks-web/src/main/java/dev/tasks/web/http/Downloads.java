package dev.tasks.web.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The caps on responses that stream a body for as long as their client takes to read it
 * ({@code logs/}, {@code session_logs/}, artifact {@code download/}): {@code TASKS_DOWNLOADS_MAX_PER_KEY}
 * and {@code TASKS_DOWNLOADS_MAX_TOTAL}. Such a response holds a request thread and what the
 * container queues for its client while it lasts; a client that stops reading keeps both until the
 * container gives up on it, so their number is bounded.
 */
@ApplicationScoped
public class Downloads {

    static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    HttpSettings settings;

    private Caps caps;

    @PostConstruct
    void init() {
        caps = new Caps(settings::maxDownloadsPerKey, settings::maxDownloadsTotal, RETRY_AFTER_SECONDS);
    }

    public Caps caps() {
        return caps;
    }
}
