package dev.tasks.web.runs;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The run object (docs/runs.md#the-run-object), keys in PostHog's order. */
public record RunView(UUID id, UUID task, String stage, String branch, String status, String environment,
                      String runtimeAdapter, String provider, String model, String reasoningEffort, String logUrl,
                      String errorMessage, Object output, Map<String, Object> state,
                      List<Map<String, Object>> artifacts, Instant createdAt, Instant updatedAt, Instant completedAt) {

    public static RunView of(Run run, String logUrl) {
        return new RunView(run.id().value(), run.task().value(), run.stage(), run.branch(), run.status().wireName(),
                run.environment().wireName(), run.runtimeAdapter(), run.provider(), run.model(),
                run.reasoningEffort(), logUrl, run.errorMessage(), run.output(), run.state(),
                run.artifacts().entries().stream().map(ArtifactEntry::toManifest).toList(),
                run.createdAt(), run.updatedAt(), run.completedAt());
    }
}
