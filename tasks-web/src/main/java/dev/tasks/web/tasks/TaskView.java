package dev.tasks.web.tasks;

import dev.tasks.web.identity.IdentityViews.BasicUserView;
import dev.tasks.web.runs.RunView;
import java.time.Instant;
import java.util.UUID;

/** The task object (docs/tasks.md#the-task-object), keys in PostHog's order. */
public record TaskView(UUID id, Integer taskNumber, String slug, String title, boolean titleManuallySet,
                       String description, String originProduct, String repository, Long githubIntegration,
                       UUID signalReport, Object jsonSchema, boolean internal, RunView latestRun, Instant createdAt,
                       Instant updatedAt, BasicUserView createdBy, String ciPrompt, Object githubUserIntegration,
                       boolean archived, Instant archivedAt, Object channel) {
}
