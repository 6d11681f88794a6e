package dev.tasks.domain.shared;

/**
 * Something a use case needs does not exist, or is hidden from the caller (a task of another project
 * and a task the caller may not see are the same answer). {@linkplain #isAddressed() Addressed}
 * means it is what the request's path names (a task, a run, a key), as opposed to something the
 * request refers to in its body or query (an artifact of a run).
 */
public final class NotFound extends Refusal {

    private static final long serialVersionUID = 1L;

    private final boolean addressed;

    private NotFound(String message, boolean addressed) {
        super(message);
        this.addressed = addressed;
    }

    /** The object the path names. */
    public static NotFound addressed() {
        return new NotFound("Not found.", true);
    }

    /** The task of a run or staged-artifact path, which these routes name in their own words. */
    public static NotFound task() {
        return new NotFound("Task not found", true);
    }

    /** Something the request refers to other than its path's objects. */
    public static NotFound referenced(String message) {
        return new NotFound(message, false);
    }

    public boolean isAddressed() {
        return addressed;
    }
}
