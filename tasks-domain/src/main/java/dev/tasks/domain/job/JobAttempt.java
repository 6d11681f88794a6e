package dev.tasks.domain.job;

/**
 * Which execution of a durable job this is (docs/cloud-runs.md#leases-and-retries), counting from 1, out of at most
 * {@code max}: a handler that fails on its last attempt ends the job for good, so that is when it
 * records the failure on the run.
 */
public record JobAttempt(int number, int max) {

    public JobAttempt {
        if (number < 1 || max < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + number + " of " + max);
        }
    }

    /** Whether a failure now ends the job for good. */
    public boolean isLast() {
        return number >= max;
    }
}
