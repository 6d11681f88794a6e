package dev.tasks.domain.identity;

/** A user's sequential id. */
public record UserId(long value) {
    public UserId {
        if (value < 1) {
            throw new IllegalArgumentException("user ids are positive: " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
