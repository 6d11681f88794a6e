package dev.tasks.domain.artifact;

import java.time.Duration;

/**
 * How long artifact objects live (docs/artifacts.md#object-lifetimes): the object store tags each object
 * with its lifetime in days ({@code ttl_days}) and its expiry rules delete the object that long
 * after it was written. A staged record expires with its object.
 */
public enum ArtifactLifetime {
    /** Objects named by a run's manifest. */
    RUN(30),
    /** Objects staged on a task for its next run, and their records. */
    STAGED(1);

    private final int days;

    ArtifactLifetime(int days) {
        this.days = days;
    }

    /** The {@code ttl_days} tag value. */
    public int days() {
        return days;
    }

    public Duration duration() {
        return Duration.ofDays(days);
    }
}
