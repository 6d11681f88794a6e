package dev.tasks.domain.task;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Change;
import java.time.Instant;
import java.util.Objects;

/**
 * A task: a prompt ({@code description}) for a coding agent, an optional target repository, and the
 * history of its runs. A task is numbered in its project when it is created ({@code 0, 1, 2, ...},
 * never reused) and its slug follows from that number. Archiving hides it from the default list and
 * stamps {@code archivedAt}; deletion is soft: the task and its runs then answer "not found"
 * everywhere, but nothing is erased. Changes happen only through {@link #create} and
 * {@link #apply}, which keep the derived fields right.
 *
 * @param jsonSchema a JSON Schema (plain JSON values) that {@code set_output} validates against, or null
 */
public record Task(TaskId id, ProjectId project, Integer taskNumber, String title, boolean titleManuallySet,
                   String description, OriginProduct originProduct, RepositoryName repository,
                   Long githubIntegration, Object jsonSchema, boolean internal, Instant createdAt,
                   Instant updatedAt, UserId createdBy, String ciPrompt, boolean archived, Instant archivedAt,
                   boolean deleted, Instant deletedAt) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(originProduct, "originProduct");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (archived != (archivedAt != null)) {
            throw new IllegalArgumentException("archivedAt is set exactly when the task is archived");
        }
    }

    /** A new task, numbered {@code taskNumber} in its project, created by {@code creator} at {@code now}. */
    public static Task create(TaskId id, ProjectId project, int taskNumber, NewTask spec, UserId creator,
                              Instant now) {
        TaskTitle title = TaskTitle.forNewTask(spec.title(), spec.titleManuallySet(), spec.description());
        return new Task(id, project, taskNumber, title.text(), title.manuallySet(), spec.description(),
                spec.originProduct().requireWritable(), spec.repository(), spec.githubIntegration(),
                spec.jsonSchema(), spec.internal(), now, now, creator, spec.ciPrompt(), spec.archived(),
                spec.archived() ? now : null, false, null);
    }

    /**
     * This task with the sent fields changed. Sending a title without {@code title_manually_set}
     * marks the title as set by hand; archiving stamps {@code archivedAt}, unarchiving clears it.
     */
    public Task apply(TaskChanges changes, Instant now) {
        boolean manuallySet = changes.titleManuallySet().orElse(
                changes.title().isSet() ? Boolean.TRUE : titleManuallySet);
        boolean nowArchived = changes.archived().orElse(archived);
        Instant newArchivedAt = nowArchived ? (archived ? archivedAt : now) : null;
        OriginProduct origin = changes.originProduct().isSet()
                ? changes.originProduct().value().requireWritable() : originProduct;
        return new Task(id, project, taskNumber, changes.title().orElse(title), manuallySet,
                changes.description().orElse(description), origin, changes.repository().orElse(repository),
                changes.githubIntegration().orElse(githubIntegration), changes.jsonSchema().orElse(jsonSchema),
                changes.internal().orElse(internal), createdAt, now, createdBy, changes.ciPrompt().orElse(ciPrompt),
                nowArchived, newArchivedAt, deleted, deletedAt);
    }

    /** Soft deletion: the task disappears from the API but its runs, logs and artifacts stay stored. */
    public Task delete(Instant now) {
        return new Task(id, project, taskNumber, title, titleManuallySet, description, originProduct, repository,
                githubIntegration, jsonSchema, internal, createdAt, now, createdBy, ciPrompt, archived, archivedAt,
                true, now);
    }

    /** Points the task at a GitHub integration (when an authorship downgrade adopts the project's). */
    public Task withGithubIntegration(Long integration, Instant now) {
        return apply(TaskChanges.none().withGithubIntegration(Change.to(integration)), now);
    }
}
