package dev.tasks.domain.shared;

/**
 * Something the use case depends on (the object store, a run's agent, the job queue) failed or did
 * not answer in time. The message is what the API reports; it never carries the failure's own
 * detail, which is logged where it happened.
 */
public final class Unavailable extends Refusal {

    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    private Unavailable(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    public static Unavailable of(String message) {
        return new Unavailable(message, false);
    }

    /** The dependency did not answer within its time limit. */
    public static Unavailable timedOut(String message) {
        return new Unavailable(message, true);
    }

    public boolean isTimedOut() {
        return timedOut;
    }
}
