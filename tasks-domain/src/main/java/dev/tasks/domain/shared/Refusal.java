package dev.tasks.domain.shared;

import java.util.Map;

/**
 * Why a use case did not happen, in the domain's own terms: what it needs does not exist
 * ({@link NotFound}), the caller may not do it ({@link NotAllowed}), a value breaks a rule
 * ({@link InvalidValueException}), the current state of things stands in the way ({@link Conflict}),
 * something it depends on failed ({@link Unavailable}), or the installation's usage gate said no
 * ({@link UsageLimited}).
 * The message is the exact text the API reports. Application services throw these; the web layer
 * alone turns each into an HTTP status and an error body.
 */
public abstract sealed class Refusal extends RuntimeException permits NotFound, NotAllowed, InvalidValueException, Conflict,
        Unavailable, UsageLimited {

    private static final long serialVersionUID = 1L;

    protected Refusal(String message) {
        super(message, null, false, false);
    }

    /**
     * The name the API reports the message under when the rule itself fixes it ({@code detail} for
     * a new run's missing artifacts, whatever the endpoint's usual body); null leaves it to the endpoint.
     */
    public String messageKey() {
        return null;
    }

    /** Facts the API reports beside the message, by their names in the API; none unless a kind says so. */
    public Map<String, Object> facts() {
        return Map.of();
    }
}
