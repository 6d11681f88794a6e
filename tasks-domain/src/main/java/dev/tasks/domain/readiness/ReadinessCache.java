package dev.tasks.domain.readiness;

import java.time.Instant;
import java.util.Optional;

/**
 * Computed readiness answers, shared by every instance (docs/readiness.md#caching). A failure to read counts
 * as a miss and a failure to write is ignored, so implementations do not throw.
 */
public interface ReadinessCache {

    /** The stored body under {@code key}, unless it expired at {@code now}. */
    Optional<String> find(String key, Instant now);

    /** Stores or replaces the body under {@code key} until {@code expiresAt}. */
    void put(String key, String body, Instant expiresAt);

    /** Deletes the entries expired at {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
