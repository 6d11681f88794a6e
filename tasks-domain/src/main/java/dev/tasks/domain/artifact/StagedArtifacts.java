package dev.tasks.domain.artifact;

import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Artifacts staged on a task before its next run exists (docs/artifacts.md#staged-artifacts): one record per task and
 * artifact id holding the manifest entry, expiring 24 hours after its finalize.
 */
public interface StagedArtifacts {

    /** Inserts or replaces the records of {@code entries}, each expiring at {@code expiresAt}. */
    void save(TaskId task, List<ArtifactEntry> entries, Instant expiresAt);

    /** The entries of the task's unexpired records among {@code ids}, by id. */
    Map<String, ArtifactEntry> find(TaskId task, Collection<String> ids, Instant now);

    void delete(TaskId task, Collection<String> ids);

    /** Deletes the records expired at {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
