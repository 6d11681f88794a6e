package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.StagedArtifacts;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.Tasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * The short transactions of staged artifacts (docs/artifacts.md#staged-artifacts): object-store calls happen before and
 * after them, never while a row is locked; staged records change under their task's row lock. Run
 * manifests change through {@code RunUpdates#addArtifacts}.
 */
@ApplicationScoped
@Transactional
public class StagingWriter {

    @Inject
    Tasks tasks;

    @Inject
    StagedArtifacts staged;

    /** Stages {@code entries} on the task, each record replacing one of the same id, until {@code expiresAt}. */
    public void stage(Project project, Caller caller, Task task, List<ArtifactEntry> entries, Instant expiresAt) {
        tasks.lock(project.id(), task.id(), caller.userId(), TaskAccess.RUN_CONTROL)
                .orElseThrow(NotFound::task);
        staged.save(task.id(), entries, expiresAt);
    }

    /** The {@code staged.purge} job: forgets expired staged records. */
    public int purgeStaged(Instant now) {
        return staged.deleteExpired(now);
    }
}
