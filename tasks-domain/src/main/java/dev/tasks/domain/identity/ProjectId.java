package dev.tasks.domain.identity;

/** A project's sequential id, which PostHog calls the team id. */
public record ProjectId(long value) {
    public ProjectId {
        if (value < 1) {
            throw new IllegalArgumentException("project ids are positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
