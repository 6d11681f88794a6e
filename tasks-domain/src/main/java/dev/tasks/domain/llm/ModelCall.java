package dev.tasks.domain.llm;

import dev.tasks.domain.run.RunId;
import java.time.Instant;

/**
 * One request a run's agent sent to the model through the service's gateway, and what the provider
 * reported for it.
 *
 * @param model  the model the answer names (or the request asked for), at most 200 characters; null
 *               when neither says
 * @param status the provider's HTTP status
 */
public record ModelCall(RunId run, String model, int status, ModelUsage usage, Instant at) {

    /** The longest model name stored. */
    public static final int MAX_MODEL = 200;

    public ModelCall {
        if (model != null && model.length() > MAX_MODEL) {
            model = model.substring(0, MAX_MODEL);
        }
        usage = usage == null ? ModelUsage.NONE : usage;
    }
}
