package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.ArtifactKeys;
import dev.tasks.domain.artifact.ArtifactLifetime;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.artifacts.ArtifactRequest.Finalize;
import dev.tasks.web.artifacts.ArtifactRequest.Prepare;
import dev.tasks.web.runs.RunLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Artifacts staged on a task before its next run exists (docs/artifacts.md#staged-artifacts): uploaded through
 * presigned POSTs, recorded for {@link ArtifactLifetime#STAGED}, handed to the run that names them
 * ({@code POST tasks/{id}/run/}), and forgotten when they expire.
 */
@ApplicationScoped
public class StagedArtifactService {

    private static final Logger LOG = Logger.getLogger(StagedArtifactService.class.getName());

    @Inject
    RunLookup lookup;

    @Inject
    ArtifactObjects objects;

    @Inject
    StagingWriter staging;

    @Inject
    Clock clock;

    /** {@code staged_artifacts/prepare_upload/} of a task (docs/artifacts.md#staged-artifacts). */
    public List<PreparedUpload> prepare(Project project, Caller caller, TaskId taskId, List<Prepare> items) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = objects.keys();
        return objects.prepare(items, (id, item) -> keys.staged(project.id(), task.id(), id, item.described().name()));
    }

    /**
     * {@code staged_artifacts/finalize_upload/} of a task (docs/artifacts.md#staged-artifacts): staged for a day,
     * tagged to match.
     */
    public List<ArtifactEntry> finalizeUploads(Project project, Caller caller, TaskId taskId, List<Finalize> items) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = objects.keys();
        Instant now = Timestamps.now(clock);
        List<ArtifactEntry> entries = new ArrayList<>(items.size());
        for (Finalize item : items) {
            if (!keys.isStaged(project.id(), task.id(), item.id(), item.storagePath())) {
                throw new InvalidValueException(null, "Artifact storage path is invalid for this task");
            }
            entries.add(objects.uploaded(item, now, caller));
        }
        staging.stage(project, caller, task, entries, now.plus(ArtifactLifetime.STAGED.duration()));
        objects.tagQuietly(entries.stream().map(ArtifactEntry::storagePath).toList(), ArtifactLifetime.STAGED,
                project);
        return entries;
    }

    /**
     * After {@code tasks/{id}/run/} committed (docs/runs.md#starting-a-new-cloud-run): the staged objects it moved into
     * the new run's manifest are tagged to live as long as run artifacts. Best effort, like every tag.
     */
    public void retagMovedToRun(Project project, Run run) {
        objects.tagQuietly(run.artifacts().paths(), ArtifactLifetime.RUN, project);
    }

    /** The {@code staged.purge} job. */
    public void purgeExpired() {
        int deleted = staging.purgeStaged(Timestamps.now(clock));
        if (deleted > 0) {
            LOG.info("Purged " + deleted + " expired staged artifacts");
        }
    }
}
