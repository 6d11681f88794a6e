package dev.tasks.domain.shared;

/**
 * A value that breaks a domain rule. The message is the exact text the API reports; {@code field}
 * names the request field it concerns (in the API's own words, nested parts joined with
 * {@code __}), or is null when the failure concerns the request as a whole. {@code code} names the
 * rule for clients that branch on it ({@value #INVALID_INPUT} unless a rule has its own name).
 */
public non-sealed class InvalidValueException extends Refusal {

    public static final String INVALID_INPUT = "invalid_input";

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String code;

    public InvalidValueException(String field, String message) {
        this(field, message, INVALID_INPUT);
    }

    public InvalidValueException(String field, String message, String code) {
        super(message);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }

    /** The same failure reported against a field nested in {@code parent}. */
    public InvalidValueException under(String parent) {
        return new InvalidValueException(field == null ? parent : parent + "__" + field, getMessage(), code);
    }
}
