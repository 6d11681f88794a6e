package dev.tasks.web.runs;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunChanges;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunOptions;
import dev.tasks.domain.run.RunSecrets;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.slack.SlackJobs;
import dev.tasks.domain.slack.SlackThreads;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Changing runs (docs/runs.md, "Creating runs", "Updating a run" and "Output schemas";
 * docs/logs-and-stream.md#appending-log-entries). Every change of a run goes through {@link #save}, under the run's row
 * lock, which appends the run's {@code task_run_state} event in the same transaction; a new run goes through
 * {@link #open}.
 */
@ApplicationScoped
@Transactional
public class RunUpdates {

    @Inject
    RunLookup lookup;

    @Inject
    Runs runs;

    @Inject
    RunEntries entries;

    @Inject
    RunSecrets secrets;

    @Inject
    RunJobs jobs;

    @Inject
    CloudRunAdmission admission;

    @Inject
    OutputSchemas schemas;

    @Inject
    SlackThreads slackThreads;

    @Inject
    SlackJobs slackJobs;

    @Inject
    Clock clock;

    /** This service through its proxy, for a transactional step of a method that runs outside one. */
    @Inject
    RunUpdates self;

    /**
     * Creates a run without starting it (docs/runs.md#creating-a-run-without-starting-it). PR authorship
     * (docs/runs.md#pr-authorship) is resolved for cloud runs only and may rewrite the state.
     */
    public Run create(Project project, Caller caller, TaskId taskId, RunEnvironment environment, RunOptions options,
                      String githubUserToken) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        if (environment == RunEnvironment.CLOUD) {
            admission.requireUsage(project, caller, task.id(), null, UsageGate.Action.CREATE);
            admission.requireEnvironment(project, caller, options);
        }
        Map<String, Object> state = environment == RunEnvironment.CLOUD
                ? admission.authorship(project, caller, task, options.state(), githubUserToken) : options.state();
        return open(task, environment, options.branch(), state, List.of(), githubUserToken);
    }

    /**
     * Stores a new run with its manifest, its caller's GitHub token when authorship needs it, and its
     * first state event.
     */
    public Run open(Task task, RunEnvironment environment, String branch, Map<String, Object> state,
                    List<ArtifactEntry> artifacts, String githubUserToken) {
        Instant now = now();
        Run run = Run.create(RunId.random(), task.id(), task.project(), environment, branch, state, now)
                .withArtifacts(new Manifest(artifacts), now);
        runs.add(run);
        if (environment == RunEnvironment.CLOUD && githubUserToken != null && Authorship.usesCallerToken(state)) {
            secrets.storeGithubToken(run.id(), githubUserToken, run.createdAt());
        }
        entries.append(run.id(), List.of(RunEvents.state(run)), run.updatedAt());
        return run;
    }

    /** PATCH (docs/runs.md#updating-a-run): merged under the row lock into the latest persisted values. */
    public Run update(Project project, Caller caller, TaskId taskId, RunId runId, RunChanges changes) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run locked = lookup.lock(task, runId);
        Run updated = save(locked.apply(changes, now()));
        String prUrl = prUrl(updated.output());
        if (prUrl != null && !prUrl.equals(prUrl(locked.output()))) {
            announcePullRequest(updated, prUrl);
        }
        if (locked.environment() == RunEnvironment.CLOUD && updated.environment() == RunEnvironment.LOCAL) {
            jobs.complete(updated.id(), null, RunJobs.Reason.HANDOFF);
        } else if (locked.environment() == RunEnvironment.CLOUD && updated.status() != locked.status()
                && updated.status().isTerminal()) {
            jobs.complete(updated.id(), null, RunJobs.Reason.STATUS);
        }
        return updated;
    }

    /**
     * {@code set_output/} (docs/runs.md#output-schemas): checked against the task's schema outside any transaction
     * (a check may take its whole time budget, and holds no database connection meanwhile), then
     * saved under the run's lock ({@link #saveOutput}).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Run setOutput(Project project, Caller caller, TaskId taskId, RunId runId, Object output) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        if (task.jsonSchema() != null) {
            schemas.firstViolation(task.jsonSchema(), output).ifPresent(message -> {
                throw new InvalidValueException(null, "Output validation error: " + message);
            });
        }
        return self.saveOutput(project, caller, taskId, runId, output);
    }

    /** The output replaced under the run's lock, and what a new output sets off (docs/runs.md#output-schemas). */
    public Run saveOutput(Project project, Caller caller, TaskId taskId, RunId runId, Object output) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run updated = save(lookup.lock(task, runId).withOutput(output, now()));
        if (task.jsonSchema() != null && updated.environment() == RunEnvironment.CLOUD
                && !updated.status().isTerminal()) {
            // The job, not this endpoint, sets the status (docs/runs.md#output-schemas).
            jobs.complete(updated.id(), RunStatus.COMPLETED, RunJobs.Reason.SCHEMA);
        }
        String prUrl = prUrl(updated.output());
        if (prUrl != null) {
            announcePullRequest(updated, prUrl);
        }
        return updated;
    }

    /**
     * {@code append_log/} (docs/logs-and-stream.md#appending-log-entries): one transaction, consecutive numbers,
     * request order. Not the container's transaction: the entries port finds, checks, locks and appends in
     * one local transaction; only a refused append reads the task and the run again, to say which is missing.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Run appendLog(Project project, Caller caller, TaskId taskId, RunId runId, List<NewEntry> logEntries) {
        if (logEntries.isEmpty()) {
            return lookup.run(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        }
        return entries.appendReached(project.id(), caller.userId(), TaskAccess.RUN_CONTROL, taskId, runId, logEntries,
                now()).orElseThrow(() -> {
                    lookup.run(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
                    // Reached now but not a moment ago: the task changed in between.
                    return NotFound.task();
                });
    }

    /**
     * Adds {@code added} to the run's manifest as it is under the run's row lock (docs/artifacts.md#the-manifest),
     * an entry with an added entry's id being replaced, so concurrent uploads never lose an entry.
     * A manifest change is not a state change: no {@code task_run_state} event.
     */
    public Run addArtifacts(Run run, List<ArtifactEntry> added, Instant now) {
        Run locked = runs.lock(run.task(), run.id()).orElseThrow(NotFound::addressed);
        Run changed = locked.withArtifacts(locked.artifacts().with(added), now);
        runs.update(changed);
        return changed;
    }

    /**
     * Stores a changed run with its {@code task_run_state} event (docs/logs-and-stream.md#event-catalogue), under the
     * lock the caller holds: the save of every state change.
     */
    public Run save(Run changed) {
        runs.update(changed);
        entries.append(changed.id(), List.of(RunEvents.state(changed)), changed.updatedAt());
        return changed;
    }

    /** The output's {@code pr_url} when it is a non-empty string, else null. */
    private static String prUrl(Object output) {
        return output instanceof Map<?, ?> map && map.get("pr_url") instanceof String url && !url.isEmpty() ? url : null;
    }

    /**
     * A {@code slack.pr_update} job when the run has a Slack thread (docs/cloud-runs.md#pull-request-announcements).
     */
    private void announcePullRequest(Run run, String prUrl) {
        slackThreads.mappingOf(run.task(), run.id()).ifPresent(mapping ->
                slackJobs.prUpdate(run.task(), run.id(), prUrl, mapping));
    }

    private Instant now() {
        return Timestamps.now(clock);
    }
}
