package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.job.JobAttempt;
import dev.tasks.domain.run.CloudRunRequest;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.task.TaskDetails;
import dev.tasks.web.artifacts.ArtifactService;
import dev.tasks.web.runs.RunService;
import dev.tasks.web.tasks.TaskService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life of a cloud run (cloud.md §1) where it spans more than one transaction: starting a new run
 * commits before its moved artifacts are re-tagged, and the {@code run.start} job calls the sandbox
 * provider, which may take minutes, between two short transactions and never under a row lock.
 */
@ApplicationScoped
public class CloudRunService {

    private static final Logger LOG = Logger.getLogger(CloudRunService.class.getName());

    @Inject
    RunService runs;

    @Inject
    TaskService tasks;

    @Inject
    ArtifactService artifacts;

    @Inject
    SandboxProvider sandboxes;

    /** {@code POST tasks/{id}/run/} (tasks.md §6.6): the task as it is now, its new run the latest. */
    public TaskDetails start(Project project, Caller caller, String taskId, CloudRunRequest request,
                             String githubUserToken, String apiUrl) {
        Run run = runs.startNew(project, caller, taskId, request, githubUserToken, apiUrl);
        artifacts.retagMovedToRun(project, run);
        return tasks.get(project, caller, taskId);
    }

    /**
     * The {@code run.start} job (cloud.md §2.3): a failed attempt is thrown back to be retried, the
     * last one fails the run; a sandbox that arrives for a run that no longer awaits it is released.
     */
    public void launch(RunId id, UserId startedBy, JobAttempt attempt) {
        Optional<SandboxRequest> request = runs.sandboxRequest(id, startedBy);
        if (request.isEmpty()) {
            return;
        }
        Sandbox sandbox;
        try {
            sandbox = sandboxes.create(request.get());
        } catch (RuntimeException e) {
            if (!attempt.isLast()) {
                throw e;
            }
            LOG.log(Level.WARNING, "Run " + id + " got no sandbox after " + attempt.number() + " attempts: "
                    + LogSafe.text(e.getMessage()));
            runs.sandboxFailed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return;
        }
        if (!runs.sandboxReady(id, sandbox)) {
            sandboxes.destroy(sandbox.id());
        }
    }
}
