package dev.tasks.domain.shared;

import java.time.Duration;
import java.util.Optional;

/**
 * The request is sound but the state of what it addresses stands in the way (a run that has ended),
 * or another operation holds what it needs. With a {@linkplain #retryAfter() retry delay} the
 * obstacle is expected to pass by itself.
 */
public final class Conflict extends Refusal {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    private Conflict(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public static Conflict of(String message) {
        return new Conflict(message, null);
    }

    /** An obstacle that passes by itself; the caller may try again after {@code retryAfter}. */
    public static Conflict passing(String message, Duration retryAfter) {
        return new Conflict(message, retryAfter);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
