package dev.tasks.domain.job;

import java.time.Duration;

/**
 * Thrown by a job handler whose peer asked to be called again after {@code delay} (an HTTP 429 with
 * {@code Retry-After}), or that must wait its turn: the job runs again then, instead of after its
 * usual backoff.
 */
public final class RetryLater extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient Duration delay;
    private final boolean waiting;

    public RetryLater(Duration delay, String reason) {
        this(delay, reason, false);
    }

    private RetryLater(Duration delay, String reason, boolean waiting) {
        super(reason, null, false, false);
        this.delay = delay;
        this.waiting = waiting;
    }

    /**
     * The job could not start its work yet (it waits its turn behind another): it runs again after
     * {@code delay}, and the wait does not count as a failed attempt.
     */
    public static RetryLater waiting(Duration delay, String reason) {
        return new RetryLater(delay, reason, true);
    }

    /** Whether this is a wait for a turn, not a failure. */
    public boolean isWaiting() {
        return waiting;
    }

    public Duration delay() {
        return delay;
    }
}
