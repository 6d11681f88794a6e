package dev.tasks.web.cloud;

import dev.tasks.domain.artifact.MissingArtifacts;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.sandbox.RunMessages;
import dev.tasks.domain.shared.Conflict;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.runs.CloudRunAdmission;
import dev.tasks.web.runs.RunLookup;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Starting, resuming and cancelling an existing run (docs/cloud-runs.md, "Starting a created run", "Resuming a run in
 * the cloud" and "Cancelling a run"): each under the run's row lock, its state event and the jobs it causes in one
 * transaction.
 */
@ApplicationScoped
@Transactional
public class RunLifecycle {

    /** The {@code error_message} of a run whose hand-off to the cloud failed, and the answer's. */
    public static final String RESUME_FAILURE = "Failed to start cloud workflow";

    @Inject
    RunLookup lookup;

    @Inject
    RunUpdates updates;

    @Inject
    CloudRunAdmission admission;

    @Inject
    RunJobs jobs;

    @Inject
    RunMessages messages;

    @Inject
    Clock clock;

    /** {@code start/}: the run's first message merged into its state, and its {@code run.start} job. */
    public Task start(Project project, Caller caller, TaskId taskId, RunId runId, String message,
                      List<String> artifactIds, String apiUrl) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run run = lookup.lock(task, runId);
        if (run.environment() != RunEnvironment.CLOUD) {
            throw new InvalidValueException(null, "Only cloud runs can be started via this endpoint");
        }
        if (!run.awaitsSandbox()) {
            throw new InvalidValueException(null, "Only queued or not_started cloud runs can be started (current status: "
                    + run.status().wireName() + ")");
        }
        admission.requireUsage(project, caller, task.id(), run.id(), UsageGate.Action.START);
        if (artifactIds != null) {
            List<String> missing = run.artifacts().missingIds(artifactIds);
            if (!missing.isEmpty()) {
                throw MissingArtifacts.pendingOfRun(missing);
            }
        }
        updates.save(run.withPendingInput(message, artifactIds, now()));
        jobs.start(run.id(), caller.userId(), apiUrl);
        return task;
    }

    /**
     * {@code resume_in_cloud/}: the run moved into a fresh sandbox under its own id; the earlier
     * execution's waiting jobs are superseded and its sandbox torn down.
     */
    public Run resume(Project project, Caller caller, TaskId taskId, RunId runId, String apiUrl) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        admission.requireUsage(project, caller, task.id(), runId, UsageGate.Action.RESUME);
        Run run = lookup.lock(task, runId);
        if (run.isActiveInCloud()) {
            throw new InvalidValueException(null, "Run is already active in cloud");
        }
        var authored = admission.authorship(project, caller, task, run.state(), null);
        Run resumed = updates.save(run.resumedInCloud(authored, now()));
        jobs.supersede(run.id(), true);
        if (run.sandboxId() != null) {
            jobs.teardown(run.sandboxId());
        }
        jobs.start(run.id(), caller.userId(), apiUrl);
        return resumed;
    }

    /**
     * After a failed {@code resume_in_cloud/} was rolled back (docs/cloud-runs.md#resuming-a-run-in-the-cloud): the
     * failure is recorded on the run.
     */
    public void resumeFailed(Project project, Caller caller, TaskId taskId, RunId runId) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run run = lookup.lock(task, runId);
        updates.save(run.withErrorMessage(RESUME_FAILURE, now()));
    }

    /**
     * {@code cancel/} (docs/cloud-runs.md#cancelling-a-run): a run that has not ended is cancelled; a cloud run's
     * sandbox goes with it.
     */
    public Run cancel(Project project, Caller caller, TaskId taskId, RunId runId, String reason) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run run = lookup.lock(task, runId);
        if (run.status() == RunStatus.CANCELLED) {
            return run;
        }
        if (run.status().isTerminal()) {
            throw Conflict.of("Only non-terminal runs can be cancelled (current status: " + run.status().wireName()
                    + ")");
        }
        Instant now = now();
        Run cancelled = updates.save(run.cancelled(reason, now));
        if (run.environment() == RunEnvironment.CLOUD) {
            jobs.supersede(run.id(), false);
            jobs.complete(run.id(), null, RunJobs.Reason.CANCEL);
            messages.cancelPending(run.id(), now);
        }
        return cancelled;
    }

    private Instant now() {
        return Timestamps.now(clock);
    }
}
