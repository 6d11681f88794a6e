package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.artifact.StagedArtifacts;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.Tasks;
import dev.tasks.web.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The short transactions of the artifact endpoints: object-store calls happen before and after
 * them, never while a row is locked. A manifest changes only under its run's row lock
 * (artifacts.md §1.7), so concurrent uploads to one run never lose an entry; staged records change
 * under their task's row lock.
 */
@ApplicationScoped
@Transactional
public class ManifestWriter {

    @Inject
    Runs runs;

    @Inject
    Tasks tasks;

    @Inject
    StagedArtifacts staged;

    /** Appends {@code entries} to the run's latest manifest (an entry with a new entry's id is replaced). */
    public Run append(Run run, List<ArtifactEntry> entries, Instant now) {
        Run locked = runs.lock(run.task(), run.id()).orElseThrow(ApiException::notFound);
        Run changed = locked.withArtifacts(new Manifest(locked.artifacts()).with(entries).entries(), now);
        runs.update(changed);
        return changed;
    }

    /** Stages {@code entries} on the task, each record replacing one of the same id, until {@code expiresAt}. */
    public void stage(Project project, Caller caller, Task task, List<ArtifactEntry> entries, Instant expiresAt) {
        tasks.lock(project.id(), task.id(), caller.userId(), TaskAccess.RUN_CONTROL)
                .orElseThrow(ApiException::taskNotFound);
        staged.save(task.id(), entries, expiresAt);
    }

    /** The {@code staged.purge} job: forgets expired staged records. */
    public int purgeStaged(Instant now) {
        return staged.deleteExpired(now);
    }
}
