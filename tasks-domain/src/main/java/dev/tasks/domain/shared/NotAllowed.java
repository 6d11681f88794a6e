package dev.tasks.domain.shared;

/** The caller is known but may not do this (the message says why, in the API's words). */
public final class NotAllowed extends Refusal {

    private static final long serialVersionUID = 1L;

    public NotAllowed(String message) {
        super(message);
    }

    /** An action the caller's role or key does not permit (reserved to administrators, refused to sandbox keys). */
    public static NotAllowed noPermission() {
        return new NotAllowed("You do not have permission to perform this action.");
    }

    /** A key scoped to some projects used on another one. */
    public static NotAllowed projectOutsideKey(long projectId) {
        return new NotAllowed("API key does not have access to the requested project: ID " + projectId + ".");
    }
}
