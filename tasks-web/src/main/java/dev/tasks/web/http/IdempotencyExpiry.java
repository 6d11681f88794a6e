package dev.tasks.web.http;

import dev.tasks.domain.idempotency.IdempotencyRecords;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long an {@code Idempotency-Key} is remembered ({@code TASKS_IDEMPOTENCY_TTL_HOURS}), and the
 * hourly {@code idempotency.purge} job that forgets older ones (docs/cloud-runs.md#job-kinds).
 */
@ApplicationScoped
public class IdempotencyExpiry {

    @Inject
    @ConfigProperty(name = "tasks.idempotency.ttl.hours", defaultValue = "24")
    long ttlHours;

    @Inject
    IdempotencyRecords records;

    @Inject
    Clock clock;

    public Duration ttl() {
        return Duration.ofHours(Math.max(1, ttlHours));
    }

    /** Deletes the records older than the TTL; returns how many. */
    public int purgeExpired() {
        return records.purgeCreatedBefore(Timestamps.now(clock).minus(ttl()));
    }
}
