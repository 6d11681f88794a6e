package dev.tasks.domain.job;

import java.time.Duration;

/**
 * Thrown by a job handler whose peer asked to be called again after {@code delay} (an HTTP 429 with
 * {@code Retry-After}): the job runs again then, instead of after its usual backoff.
 */
public final class RetryLater extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Duration delay;

    public RetryLater(Duration delay, String reason) {
        super(reason, null, false, false);
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }
}
