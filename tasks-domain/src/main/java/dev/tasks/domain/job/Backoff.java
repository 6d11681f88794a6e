package dev.tasks.domain.job;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed job waits before its next attempt (docs/cloud-runs.md#leases-and-retries):
 * {@code min(base × 2^(attempt − 1), cap)}, then spread by ±20 % so that jobs that failed together do
 * not all come back at once.
 */
public record Backoff(Duration base, Duration cap) {

    /** The spread around the computed delay, as a fraction of it. */
    public static final double JITTER = 0.2;

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap: " + base + ", " + cap);
        }
    }

    /** The delay before the attempt after failed attempt {@code attempt} (counting from 1), without jitter. */
    public Duration nominal(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 62));
        long millis = base.toMillis();
        long capMillis = cap.toMillis();
        for (int i = 0; i < doublings && millis < capMillis; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, capMillis));
    }

    /**
     * The delay after failed attempt {@code attempt}, jittered: {@code random} in [0, 1) maps to
     * [−20 %, +20 %) of the nominal delay.
     */
    public Duration after(int attempt, double random) {
        long nominal = nominal(attempt).toMillis();
        return Duration.ofMillis(Math.round(nominal * (1 - JITTER + 2 * JITTER * random)));
    }
}
