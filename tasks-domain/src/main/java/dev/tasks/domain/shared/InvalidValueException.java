package dev.tasks.domain.shared;

/**
 * A value that breaks a domain rule. The message is the exact text the API reports; {@code field}
 * names the request field it concerns (in the API's own words, nested parts joined with
 * {@code __}), or is null when the failure concerns the request as a whole.
 */
public class InvalidValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidValueException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same failure reported against a field nested in {@code parent}. */
    public InvalidValueException under(String parent) {
        return new InvalidValueException(field == null ? parent : parent + "__" + field, getMessage());
    }
}
