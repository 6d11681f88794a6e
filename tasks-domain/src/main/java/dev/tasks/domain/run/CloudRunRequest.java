package dev.tasks.domain.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code POST tasks/{id}/run/} asks for (docs/runs.md#starting-a-new-cloud-run): the run options, the run it
 * resumes, and the first prompt for the sandbox with the staged artifacts it comes with.
 *
 * @param resumeFrom the previous run of the same task, or null
 * @param pendingUserMessage the first message; blank counts as not given
 * @param pendingUserArtifactIds staged artifact ids in request order, or null when not given
 */
public record CloudRunRequest(RunOptions options, RunId resumeFrom, String pendingUserMessage,
                              List<String> pendingUserArtifactIds) {

    public CloudRunRequest {
        pendingUserArtifactIds = pendingUserArtifactIds == null ? null : List.copyOf(pendingUserArtifactIds);
        pendingUserMessage = pendingUserMessage == null || pendingUserMessage.isBlank() ? null
                : pendingUserMessage.trim();
    }

    /** The staged artifact ids, distinct, in request order. */
    public List<String> artifactIds() {
        return pendingUserArtifactIds == null ? List.of() : pendingUserArtifactIds.stream().distinct().toList();
    }

    /** The options with the prompt added to the extra state (step 4). */
    public RunOptions optionsWithPrompt() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pending_user_message", pendingUserMessage);
        extra.put("pending_user_artifact_ids", pendingUserArtifactIds);
        return options.withExtraState(extra);
    }
}
