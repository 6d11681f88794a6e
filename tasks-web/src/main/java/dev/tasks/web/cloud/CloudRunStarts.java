package dev.tasks.web.cloud;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.MissingArtifacts;
import dev.tasks.domain.artifact.StagedArtifacts;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.CloudRunRequest;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunOptions;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.Tasks;
import dev.tasks.web.runs.CloudRunAdmission;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code POST tasks/{id}/run/} (docs/runs.md#starting-a-new-cloud-run): a cloud run created and its
 * {@code run.start} job enqueued in one transaction, under the task's row lock so that two calls
 * never hand the same staged artifacts to two runs. The staged entries move into the new run's
 * manifest unchanged (same {@code storage_path}); the caller re-tags their objects after commit.
 */
@ApplicationScoped
@Transactional
public class CloudRunStarts {

    @Inject
    Tasks tasks;

    @Inject
    Runs runs;

    @Inject
    RunJobs jobs;

    @Inject
    StagedArtifacts staged;

    @Inject
    CloudRunAdmission admission;

    @Inject
    RunUpdates updates;

    @Inject
    Clock clock;

    /** @param apiUrl the base URL of this request, which the sandbox's agent reports to by default */
    public Run start(Project project, Caller caller, TaskId taskId, CloudRunRequest request, String githubUserToken,
                     String apiUrl) {
        Task task = tasks.lock(project.id(), taskId, caller.userId(), TaskAccess.CONTROL)
                .orElseThrow(NotFound::addressed);
        admission.requireUsage(project, caller, task.id(), null, UsageGate.Action.RUN);
        RunOptions options = request.optionsWithPrompt();
        boolean environmentInherited = false;
        if (request.resumeFrom() != null) {
            Run previous = runs.find(task.id(), request.resumeFrom())
                    .orElseThrow(() -> new InvalidValueException(null, "Invalid resume_from_run_id"));
            RunOptions resumed = options.resuming(previous);
            environmentInherited = options.sandboxEnvironmentId() == null && resumed.sandboxEnvironmentId() != null;
            options = resumed;
        }
        options.runtime().validateEffort();
        boolean environmentRefused = !admission.environmentAccessible(project, caller, options);
        if (environmentRefused && environmentInherited) {
            options = options.withoutSandboxEnvironment();
        }
        Map<String, Object> state = admission.authorship(project, caller, task, options.state(), githubUserToken);
        if (environmentRefused && !environmentInherited) {
            throw CloudRunAdmission.invalidSandboxEnvironment();
        }
        List<String> ids = request.artifactIds();
        Map<String, ArtifactEntry> found = ids.isEmpty() ? Map.of()
                : staged.find(task.id(), ids, Timestamps.now(clock));
        List<String> missing = ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw MissingArtifacts.staged(missing);
        }
        Run run = updates.open(task, RunEnvironment.CLOUD, options.branch(), state,
                ids.stream().map(found::get).toList(), githubUserToken);
        if (!ids.isEmpty()) {
            staged.delete(task.id(), ids);
        }
        jobs.start(run.id(), caller.userId(), apiUrl);
        return run;
    }
}
