package dev.tasks.domain.run;

import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run: one execution of a task by an agent, on a user's machine ({@code local}) or in a sandbox
 * ({@code cloud}). Runs are never deleted. The agent reports progress by updating status, stage,
 * state and output; {@code completedAt} is stamped the first time the run reaches a terminal status.
 * The runtime fields ({@code runtime_adapter}, {@code provider}, {@code model},
 * {@code reasoning_effort}) are read from the state, never stored twice.
 *
 * @param output any JSON value (plain Java values), or null
 * @param state a JSON object (plain Java values), never null
 * @param artifacts the manifest, never null
 */
public record Run(RunId id, TaskId task, ProjectId project, String stage, String branch, RunStatus status,
                  RunEnvironment environment, String errorMessage, Object output, Map<String, Object> state,
                  Manifest artifacts, Instant createdAt, Instant updatedAt, Instant completedAt) {

    /** The {@code error_message} of a cloud run that never got a sandbox. */
    public static final String SANDBOX_FAILURE = "Failed to start sandbox";
    /** The {@code error_message} of a cloud run whose sandbox outlived {@code TASKS_SANDBOX_TTL_SECONDS}. */
    public static final String SANDBOX_EXPIRED = "Sandbox lifetime exceeded";
    /** Why a run whose sandbox disappeared under it failed. */
    public static final String SANDBOX_LOST = "Sandbox lost";
    /** The state key by which a run says its agent waits for the user's next message. */
    public static final String AWAIT_USER_MESSAGE = "await_user_message";
    /**
     * State keys a resumed run leaves behind with its previous sandbox
     * (docs/cloud-runs.md#resuming-a-run-in-the-cloud).
     */
    static final List<String> RESUME_DROPPED_KEYS = List.of("pending_user_message", "pending_user_message_id",
            "pending_user_message_ts", "sandbox_id", "sandbox_url", "sandbox_connect_token", "sandbox_jwt_kid",
            "sandbox_started_at");
    /** The state key recording when the run's sandbox came up, for the watchdog. */
    public static final String SANDBOX_STARTED_AT = "sandbox_started_at";


    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state == null ? Map.of() : state));
        artifacts = artifacts == null ? Manifest.EMPTY : artifacts;
    }

    /** A new run: every run created through the API starts {@code queued}, whatever its environment. */
    public static Run create(RunId id, TaskId task, ProjectId project, RunEnvironment environment, String branch,
                             Map<String, Object> state, Instant now) {
        return new Run(id, task, project, null, branch, RunStatus.QUEUED, environment, null, null, state, Manifest.EMPTY,
                now, now, null);
    }

    /**
     * This run with a PATCH applied (docs/runs.md#state-merge): output merged, state merged without
     * protected keys, scalar fields assigned, {@code completedAt} stamped on the first terminal status
     * and never cleared here.
     */
    public Run apply(RunChanges changes, Instant now) {
        Object newOutput = changes.output().isSet() ? RunOutput.merge(output, changes.output().value()) : output;
        Map<String, Object> newState = RunState.merge(state, changes.state(), changes.stateRemoveKeys());
        RunStatus newStatus = changes.status().orElse(status);
        return new Run(id, task, project, changes.stage().orElse(stage), changes.branch().orElse(branch), newStatus,
                changes.environment().orElse(environment), changes.errorMessage().orElse(errorMessage), newOutput,
                newState, artifacts, createdAt, now, completion(newStatus, now));
    }

    /** {@code set_output/}: the output replaced (docs/runs.md#output-schemas), with the {@code pr_merged} rule. */
    public Run withOutput(Object newOutput, Instant now) {
        return new Run(id, task, project, stage, branch, status, environment, errorMessage,
                RunOutput.replace(output, newOutput), state, artifacts, createdAt, now, completedAt);
    }

    /**
     * This run with its manifest (docs/artifacts.md#the-manifest) replaced, as written at {@code now}, under the row
     * lock.
     */
    public Run withArtifacts(Manifest manifest, Instant now) {
        return new Run(id, task, project, stage, branch, status, environment, errorMessage, output, state,
                manifest, createdAt, now, completedAt);
    }

    /**
     * Whether a sandbox that was just provided still belongs to this run ({@code run.start},
     * docs/cloud-runs.md#starting-the-sandbox): it has not ended nor got another sandbox meanwhile. Its agent may
     * already have reported {@code in_progress} while the provider waited for it to be ready.
     */
    public boolean acceptsSandbox() {
        return environment == RunEnvironment.CLOUD && !status.isTerminal() && sandboxId() == null;
    }

    /** Whether the {@code run.start} job should give this run a sandbox: a cloud run that has not begun. */
    public boolean awaitsSandbox() {
        return environment == RunEnvironment.CLOUD && (status == RunStatus.QUEUED || status == RunStatus.NOT_STARTED);
    }

    /**
     * This run once its sandbox is up ({@code run.start}, docs/cloud-runs.md#starting-the-sandbox): the sandbox's id,
     * URL, connect token (when the provider issued one), the id of the key its agent verifies connection
     * tokens with, and when it started, recorded in the state, bypassing the protection of these keys
     * that only the server may change.
     */
    public Run inSandbox(String sandboxId, String sandboxUrl, String connectToken, String keyId, Instant now) {
        Map<String, Object> newState = new LinkedHashMap<>(state);
        newState.put("sandbox_id", sandboxId);
        newState.put("sandbox_url", sandboxUrl);
        if (connectToken != null) {
            newState.put("sandbox_connect_token", connectToken);
        }
        newState.put("sandbox_jwt_kid", keyId);
        newState.put(SANDBOX_STARTED_AT, Timestamps.offsetForm(now));
        return new Run(id, task, project, stage, branch, status, environment, errorMessage, output, newState,
                artifacts, createdAt, now, completedAt);
    }

    /**
     * Whether this run's sandbox has outlived {@code ttl} at {@code now} (docs/cloud-runs.md#sandbox-watchdog): a cloud
     * run that has not ended, whose sandbox started longer ago than that.
     */
    public boolean sandboxExpired(Duration ttl, Instant now) {
        if (environment != RunEnvironment.CLOUD || status.isTerminal()
                || !(state.get(SANDBOX_STARTED_AT) instanceof String started)) {
            return false;
        }
        try {
            return OffsetDateTime.parse(started).toInstant().plus(ttl).isBefore(now);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** This run ended by the sandbox watchdog (docs/cloud-runs.md#sandbox-watchdog). */
    public Run sandboxLifetimeExceeded(Instant now) {
        return failedBySandbox(SANDBOX_EXPIRED, now);
    }

    /** This run ended because its provider reports its sandbox gone. */
    public Run sandboxLost(Instant now) {
        return failedBySandbox(SANDBOX_LOST, now);
    }

    private Run failedBySandbox(String reason, Instant now) {
        return new Run(id, task, project, stage, branch, RunStatus.FAILED, environment, reason, output, state,
                artifacts, createdAt, now, completion(RunStatus.FAILED, now));
    }

    /** The id of the sandbox this run's state names, or null. */
    public String sandboxId() {
        return state.get("sandbox_id") instanceof String sandbox && !sandbox.isEmpty() ? sandbox : null;
    }

    /**
     * This cloud run about to be started through {@code start/} (docs/cloud-runs.md#starting-a-created-run): the first
     * message (trimmed; blank means none) and the manifest artifacts it names merged into the state.
     */
    public Run withPendingInput(String message, List<String> artifactIds, Instant now) {
        Map<String, Object> newState = new LinkedHashMap<>(state);
        if (message != null && !message.strip().isEmpty()) {
            newState.put("pending_user_message", message.strip());
        }
        if (artifactIds != null) {
            newState.put("pending_user_artifact_ids", List.copyOf(artifactIds));
        }
        return new Run(id, task, project, stage, branch, status, environment, errorMessage, output, newState,
                artifacts, createdAt, now, completedAt);
    }

    /**
     * This run moved into a fresh cloud sandbox under the same id (docs/cloud-runs.md#resuming-a-run-in-the-cloud):
     * queued again, its completion and error cleared, marked as a hand-off in interactive mode, and without the
     * previous sandbox and pending message. {@code authoredState} is the state after PR authorship
     * was resolved.
     */
    public Run resumedInCloud(Map<String, Object> authoredState, Instant now) {
        Map<String, Object> newState = new LinkedHashMap<>(authoredState);
        newState.keySet().removeAll(RESUME_DROPPED_KEYS);
        newState.put("handoff_resumed", true);
        newState.put("mode", "interactive");
        return new Run(id, task, project, stage, branch, RunStatus.QUEUED, RunEnvironment.CLOUD, null, output, newState,
                artifacts, createdAt, now, null);
    }

    /** Whether {@code resume_in_cloud/} is refused: the run is already being worked on in a sandbox. */
    public boolean isActiveInCloud() {
        return environment == RunEnvironment.CLOUD && (status == RunStatus.QUEUED || status == RunStatus.IN_PROGRESS);
    }

    /**
     * This run cancelled (docs/cloud-runs.md#cancelling-a-run): {@code reason}, when given, becomes its error message.
     */
    public Run cancelled(String reason, Instant now) {
        return new Run(id, task, project, stage, branch, RunStatus.CANCELLED, environment,
                reason == null ? errorMessage : reason, output, state, artifacts, createdAt, now,
                completion(RunStatus.CANCELLED, now));
    }

    /**
     * This run with an error message recorded and nothing else changed (a failed hand-off,
     * docs/cloud-runs.md#resuming-a-run-in-the-cloud).
     */
    public Run withErrorMessage(String message, Instant now) {
        return new Run(id, task, project, stage, branch, status, environment, message, output, state, artifacts,
                createdAt, now, completedAt);
    }

    /**
     * Whether a follow-up message may still reach this run's agent: a cloud run that has not ended
     * (docs/cloud-runs.md#queued-user-messages).
     */
    public boolean takesMessages() {
        return environment == RunEnvironment.CLOUD && !status.isTerminal();
    }

    /**
     * This run once a follow-up message is queued for its agent: it no longer awaits one
     * ({@code state.await_user_message} removed); the run itself when it did not.
     */
    public Run messageQueued(Instant now) {
        return withoutStateKeys(List.of(AWAIT_USER_MESSAGE), now);
    }

    /**
     * This run once its sandbox is released ({@code run.complete} rule 2): the agent's address and
     * connect token leave the state; the sandbox id stays as a record of where it ran.
     */
    public Run sandboxReleased(Instant now) {
        return withoutStateKeys(List.of("sandbox_url", "sandbox_connect_token"), now);
    }

    private Run withoutStateKeys(List<String> keys, Instant now) {
        if (keys.stream().noneMatch(state::containsKey)) {
            return this;
        }
        Map<String, Object> newState = new LinkedHashMap<>(state);
        newState.keySet().removeAll(keys);
        return new Run(id, task, project, stage, branch, status, environment, errorMessage, output, newState,
                artifacts, createdAt, now, completedAt);
    }

    /** This run after its last attempt to get a sandbox failed ({@code run.start} rule 4). */
    public Run failedToStart(Instant now) {
        return new Run(id, task, project, stage, branch, RunStatus.FAILED, environment, SANDBOX_FAILURE, output, state,
                artifacts, createdAt, now, completion(RunStatus.FAILED, now));
    }

    private Instant completion(RunStatus newStatus, Instant now) {
        return completedAt == null && newStatus.isTerminal() ? now : completedAt;
    }

    public String runtimeAdapter() {
        return stateValueIn("runtime_adapter", RuntimeSelection.ADAPTERS);
    }

    public String provider() {
        return stateValueIn("provider", RuntimeSelection.PROVIDERS);
    }

    public String model() {
        return state.get("model") instanceof String model && !model.isEmpty() ? model : null;
    }

    public String reasoningEffort() {
        return stateValueIn("reasoning_effort", RuntimeSelection.EFFORTS);
    }

    private String stateValueIn(String key, Collection<String> allowed) {
        return state.get(key) instanceof String value && allowed.contains(value) ? value : null;
    }
}
