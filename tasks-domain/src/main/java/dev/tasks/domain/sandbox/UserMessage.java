package dev.tasks.domain.sandbox;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A follow-up message for a run's agent (docs/cloud-runs.md#command-requests, docs/cloud-runs.md#queued-user-messages):
 * text, manifest artifacts of the run, or both, and whether it should steer the agent's current turn instead of waiting
 * for it to end.
 *
 * @param content trimmed, or null when absent or blank
 * @param artifactIds trimmed ids of entries in the run's manifest, possibly empty
 */
public record UserMessage(String content, List<String> artifactIds, boolean steer) {

    static final String EMPTY = "user_message requires a non-empty content string, artifact_ids, or both";

    public UserMessage {
        artifactIds = List.copyOf(artifactIds);
    }

    /** The message a {@code user_message}'s params describe. */
    public static UserMessage of(Map<String, Object> params) {
        String content = null;
        if (params.containsKey("content") && params.get("content") != null) {
            if (!(params.get("content") instanceof String text)) {
                throw new InvalidValueException(AgentCommand.PARAMS, EMPTY);
            }
            content = text.strip().isEmpty() ? null : text.strip();
        }
        List<String> ids = new ArrayList<>();
        if (params.get("artifact_ids") != null) {
            if (!(params.get("artifact_ids") instanceof List<?> list)) {
                throw new InvalidValueException(AgentCommand.PARAMS, EMPTY);
            }
            for (Object item : list) {
                if (!(item instanceof String id) || id.strip().isEmpty()) {
                    throw new InvalidValueException(AgentCommand.PARAMS, EMPTY);
                }
                ids.add(id.strip());
            }
        }
        if (content == null && ids.isEmpty()) {
            throw new InvalidValueException(AgentCommand.PARAMS, EMPTY);
        }
        Object steer = params.get("steer");
        if (steer != null && !(steer instanceof Boolean)) {
            throw new InvalidValueException(AgentCommand.PARAMS, "steer must be a boolean");
        }
        return new UserMessage(content, ids, Boolean.TRUE.equals(steer));
    }
}
