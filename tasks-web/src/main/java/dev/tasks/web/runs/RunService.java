package dev.tasks.web.runs;

import dev.tasks.domain.artifact.StagedArtifacts;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.CloudRunRequest;
import dev.tasks.domain.run.ResumeChain;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunChanges;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunOptions;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.RunSecrets;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.slack.SlackJobs;
import dev.tasks.domain.slack.SlackThreads;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.Tasks;
import dev.tasks.web.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run use cases (runs.md §6.1–§6.5, logs-and-stream.md §2–§4). Every run route first finds the
 * task under the endpoint's predicate (404 {@code Task not found}), then the run within that task
 * (404 {@code Not found.}). Every change of a run appends a {@code task_run_state} event in the same
 * transaction, under the run's row lock.
 */
@ApplicationScoped
@Transactional
public class RunService {

    @Inject
    Tasks tasks;

    @Inject
    Runs runs;

    @Inject
    RunEntries entries;

    @Inject
    Integrations integrations;

    @Inject
    RunSecrets secrets;

    @Inject
    RunJobs jobs;

    @Inject
    OutputSchemas schemas;

    @Inject
    SlackThreads slackThreads;

    @Inject
    SlackJobs slackJobs;

    @Inject
    StagedArtifacts staged;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    Clock clock;

    /** This service through its proxy, for a transactional step of a method that runs outside one. */
    @Inject
    RunService self;

    /** The task a run route names, when the caller may reach it under {@code access}. */
    public Task task(Project project, Caller caller, String taskId, TaskAccess access) {
        return TaskId.parse(taskId)
                .flatMap(id -> tasks.find(project.id(), id, caller.userId(), access))
                .orElseThrow(ApiException::taskNotFound);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Run> list(Project project, Caller caller, String taskId, PageRequest page) {
        return runs.list(task(project, caller, taskId, TaskAccess.RUN_READ).id(), page);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Run get(Project project, Caller caller, String taskId, String runId) {
        return get(project, caller, taskId, runId, TaskAccess.RUN_READ);
    }

    /** The run a route names, its task reached under {@code access}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Run get(Project project, Caller caller, String taskId, String runId, TaskAccess access) {
        return find(task(project, caller, taskId, access), runId);
    }

    /**
     * A run reached through a signed log link: the signature stands in for the caller, but the link
     * dies with its task (a deleted task's logs are not served).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Run getSigned(Project project, String taskId, String runId) {
        return TaskId.parse(taskId)
                .flatMap(task -> tasks.findUndeleted(project.id(), task))
                .flatMap(task -> RunId.parse(runId).flatMap(run -> runs.find(task.id(), run)))
                .orElseThrow(ApiException::notFound);
    }

    /**
     * Creates a run without starting it (runs.md §6.2). PR authorship (§5.1) is resolved for cloud
     * runs only and may rewrite the state.
     */
    public Run create(Project project, Caller caller, String taskId, RunEnvironment environment, RunOptions options,
                      String githubUserToken) {
        if (environment == RunEnvironment.CLOUD && options.sandboxEnvironmentId() != null
                && !environmentAccessible(project, caller, options)) {
            throw invalidSandboxEnvironment();
        }
        Task task = task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Map<String, Object> state = environment == RunEnvironment.CLOUD
                ? resolveAuthorship(project, caller, task, options, githubUserToken) : options.state();
        return open(task, environment, options.branch(), state, List.of(), githubUserToken);
    }

    /**
     * {@code POST tasks/{id}/run/} (tasks.md §6.6 steps 1–11): a cloud run created and its
     * {@code run.start} job enqueued in one transaction, under the task's row lock so that two calls
     * never hand the same staged artifacts to two runs. The staged entries move into the new run's
     * manifest unchanged (same {@code storage_path}); the caller re-tags their objects after commit.
     *
     * @param apiUrl the base URL of this request, which the sandbox's agent reports to by default
     */
    public Run startNew(Project project, Caller caller, String taskId, CloudRunRequest request,
                        String githubUserToken, String apiUrl) {
        Task task = TaskId.parse(taskId)
                .flatMap(id -> tasks.lock(project.id(), id, caller.userId(), TaskAccess.CONTROL))
                .orElseThrow(ApiException::notFound);
        RunOptions options = request.optionsWithPrompt();
        boolean environmentInherited = false;
        if (request.resumeFrom() != null) {
            Run previous = runs.find(task.id(), request.resumeFrom())
                    .orElseThrow(() -> ApiException.detail(400, "Invalid resume_from_run_id"));
            RunOptions resumed = options.resuming(previous);
            environmentInherited = options.sandboxEnvironmentId() == null && resumed.sandboxEnvironmentId() != null;
            options = resumed;
        }
        try {
            options.runtime().validateEffort();
        } catch (InvalidValueException e) {
            throw ApiException.invalidInput(e.getMessage(), e.field());
        }
        boolean environmentRefused = options.sandboxEnvironmentId() != null
                && !environmentAccessible(project, caller, options);
        if (environmentRefused && environmentInherited) {
            options = options.withoutSandboxEnvironment();
        }
        Map<String, Object> state = resolveAuthorship(project, caller, task, options, githubUserToken);
        if (environmentRefused && !environmentInherited) {
            throw invalidSandboxEnvironment();
        }
        List<String> ids = request.artifactIds();
        Map<String, Map<String, Object>> found = ids.isEmpty() ? Map.of() : staged.find(task.id(), ids, now());
        List<String> missing = ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw ApiException.missingArtifacts(missing);
        }
        Run run = open(task, RunEnvironment.CLOUD, options.branch(), state,
                ids.stream().map(found::get).toList(), githubUserToken);
        if (!ids.isEmpty()) {
            staged.delete(task.id(), ids);
        }
        jobs.start(run.id(), caller.userId(), apiUrl);
        return run;
    }

    /**
     * PR authorship of a cloud run (runs.md §5.1): the state to store; a downgrade may adopt the
     * project's GitHub integration.
     */
    private Map<String, Object> resolveAuthorship(Project project, Caller caller, Task task, RunOptions options,
                                                  String githubUserToken) {
        Optional<Integration> github = integrations.first(project.id(), IntegrationKind.GITHUB);
        Authorship.Resolution resolution = new Authorship(githubUserToken != null)
                .resolve(options.state(), task, caller, github.isPresent());
        if (resolution.downgraded() && task.githubIntegration() == null) {
            Task adopted = tasks.lock(project.id(), task.id(), caller.userId(), TaskAccess.RUN_CONTROL)
                    .orElseThrow(ApiException::taskNotFound);
            tasks.update(adopted.withGithubIntegration(github.get().id(), now()));
        }
        return resolution.state();
    }

    /**
     * Stores a new run with its manifest, its caller's GitHub token when authorship needs it, and its
     * first state event.
     */
    private Run open(Task task, RunEnvironment environment, String branch, Map<String, Object> state,
                     List<Map<String, Object>> artifacts, String githubUserToken) {
        Instant now = now();
        Run run = Run.create(RunId.random(), task.id(), task.project(), environment, branch, state, now)
                .withArtifacts(artifacts, now);
        runs.add(run);
        if (environment == RunEnvironment.CLOUD && githubUserToken != null
                && "caller_token".equals(state.get(Authorship.CREDENTIAL_SOURCE))) {
            secrets.storeGithubToken(run.id(), githubUserToken, run.createdAt());
        }
        entries.append(run.id(), List.of(RunEvents.state(run)), run.updatedAt());
        return run;
    }

    /** Whether the sandbox provider lets the caller use the environment the options name (runs.md §5.2). */
    private boolean environmentAccessible(Project project, Caller caller, RunOptions options) {
        return sandboxes.isEnvironmentAccessible(project.id(), caller.userId(), options.sandboxEnvironmentId());
    }

    private static ApiException invalidSandboxEnvironment() {
        return ApiException.detail(400, "Invalid sandbox_environment_id");
    }

    /** PATCH (runs.md §6.4): merged under the row lock into the latest persisted values. */
    public Run update(Project project, Caller caller, String taskId, String runId, RunChanges changes) {
        Task task = task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run locked = lock(task, runId);
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
     * {@code set_output/} (runs.md §6.5): checked against the task's schema outside any transaction
     * (a check may take its whole time budget, and holds no database connection meanwhile), then
     * saved under the run's lock ({@link #saveOutput}).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Run setOutput(Project project, Caller caller, String taskId, String runId, Object output) {
        Task task = task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        if (task.jsonSchema() != null) {
            schemas.firstViolation(task.jsonSchema(), output).ifPresent(message -> {
                throw ApiException.error(400, "Output validation error: " + message);
            });
        }
        return self.saveOutput(project, caller, taskId, runId, output);
    }

    /** The output replaced under the run's lock, and what a new output sets off (§6.5 rules 2–4). */
    public Run saveOutput(Project project, Caller caller, String taskId, String runId, Object output) {
        Task task = task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run updated = save(lock(task, runId).withOutput(output, now()));
        if (task.jsonSchema() != null && updated.environment() == RunEnvironment.CLOUD
                && !updated.status().isTerminal()) {
            // The job, not this endpoint, sets the status (runs.md §6.5 rule 3).
            jobs.complete(updated.id(), RunStatus.COMPLETED, RunJobs.Reason.SCHEMA);
        }
        String prUrl = prUrl(updated.output());
        if (prUrl != null) {
            announcePullRequest(updated, prUrl);
        }
        return updated;
    }

    /** {@code append_log/} (logs-and-stream.md §2): one transaction, consecutive numbers, request order. */
    public Run appendLog(Project project, Caller caller, String taskId, String runId, List<NewEntry> logEntries) {
        Task task = task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run run = find(task, runId);
        if (logEntries.isEmpty()) {
            return run;
        }
        Instant now = now();
        entries.append(run.id(), logEntries, now);
        // The append changed nothing of the run but its updated_at (under the lock it took).
        return run.touched(now);
    }

    /**
     * The {@code run.complete} job (cloud.md §2.3): under the run's lock, set the requested status
     * unless the run already ended; then forget the run's GitHub token. Without a sandbox provider
     * no run has a sandbox to release. Idempotent: a second execution changes nothing.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void completeJob(RunId id, RunStatus status) {
        Optional<Run> locked = runs.lock(id);
        if (locked.isEmpty()) {
            return;
        }
        Run run = locked.get();
        if (status != null && !run.status().isTerminal()) {
            save(run.apply(RunChanges.status(status), now()));
        }
        secrets.delete(id);
    }

    /**
     * {@code run.start} rule 1 (cloud.md §2.3): what the sandbox provider is asked for, while the run
     * is a cloud run that has not begun and its task is still there for the user who started it.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<SandboxRequest> sandboxRequest(RunId id, UserId startedBy) {
        return runs.lock(id)
                .filter(Run::awaitsSandbox)
                .flatMap(run -> tasks.find(run.project(), run.task(), startedBy, TaskAccess.RUN_CONTROL)
                        .map(task -> SandboxRequest.of(task, run)));
    }

    /**
     * {@code run.start} rule 3: under the run's lock, records the sandbox in the state with a state
     * and a console event; false when the run no longer awaits one (the caller releases it).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public boolean sandboxReady(RunId id, Sandbox sandbox) {
        Optional<Run> locked = runs.lock(id).filter(Run::awaitsSandbox);
        if (locked.isEmpty()) {
            return false;
        }
        Run run = save(locked.get().inSandbox(sandbox.id(), sandbox.url(), sandbox.connectToken(), now()));
        entries.append(id, List.of(RunEvents.console(run, "info", "Sandbox ready")), run.updatedAt());
        return true;
    }

    /**
     * {@code run.start} rule 4, after its last attempt: the run fails with {@link Run#SANDBOX_FAILURE},
     * and the provider's own message goes to the stream as a console event of level {@code error}.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void sandboxFailed(RunId id, String providerMessage) {
        Optional<Run> locked = runs.lock(id).filter(Run::awaitsSandbox);
        if (locked.isPresent()) {
            Run run = save(locked.get().failedToStart(now()));
            entries.append(id, List.of(RunEvents.console(run, "error", providerMessage)), run.updatedAt());
        }
    }

    /**
     * The run as stored now, for background readers such as the stream pump (which run outside any
     * request, so they need this method's transaction to reach JPA).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Run> current(Run run) {
        return runs.find(run.task(), run.id());
    }

    /** The run and the runs it continues, oldest first (logs-and-stream.md §3). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Run> chain(Run run) {
        return ResumeChain.of(run, previous -> runs.find(run.task(), previous)
                .filter(found -> found.project().equals(run.project())));
    }

    /** The output's {@code pr_url} when it is a non-empty string, else null. */
    private static String prUrl(Object output) {
        return output instanceof Map<?, ?> map && map.get("pr_url") instanceof String url && !url.isEmpty() ? url : null;
    }

    /** A {@code slack.pr_update} job when the run has a Slack thread (runs.md §6.4 rule 11, §6.5 rule 4). */
    private void announcePullRequest(Run run, String prUrl) {
        slackThreads.mappingOf(run.task(), run.id()).ifPresent(mapping ->
                slackJobs.prUpdate(run.task(), run.id(), prUrl, mapping));
    }

    /** Stores a changed run with its {@code task_run_state} event (runs.md §5.5), under the lock the caller holds. */
    private Run save(Run changed) {
        runs.update(changed);
        entries.append(changed.id(), List.of(RunEvents.state(changed)), changed.updatedAt());
        return changed;
    }

    private Run find(Task task, String runId) {
        return RunId.parse(runId).flatMap(id -> runs.find(task.id(), id)).orElseThrow(ApiException::notFound);
    }

    private Run lock(Task task, String runId) {
        return RunId.parse(runId).flatMap(id -> runs.lock(task.id(), id)).orElseThrow(ApiException::notFound);
    }

    private Instant now() {
        return Timestamps.now(clock);
    }
}
