package dev.tasks.domain.shared;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The installation's usage gate refused a cloud run (a plan's limit is reached). Reported as 429 with
 * whether the caller is on a paid plan, and, when the gate says so, which limit it was and when it
 * resets.
 */
public final class UsageLimited extends Refusal {

    private static final long serialVersionUID = 1L;

    /** Which of the gate's limits was reached. */
    public enum LimitType {
        BURST, SUSTAINED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final boolean pro;
    private final LimitType limitType;
    private final transient Instant resetAt;

    /**
     * @param limitType null when the gate does not say
     * @param resetAt   null when the gate does not say
     */
    public UsageLimited(String message, boolean pro, LimitType limitType, Instant resetAt) {
        super(message == null || message.isBlank() ? "Usage limit exceeded" : message);
        this.pro = pro;
        this.limitType = limitType;
        this.resetAt = resetAt;
    }

    /** {@code is_pro}, and {@code limit_type} and {@code reset_at} when known. */
    @Override
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("is_pro", pro);
        if (limitType != null) {
            facts.put("limit_type", limitType.wireName());
        }
        if (resetAt != null) {
            facts.put("reset_at", Timestamps.offsetForm(resetAt));
        }
        return facts;
    }
}
