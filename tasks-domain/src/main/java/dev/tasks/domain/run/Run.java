package dev.tasks.domain.run;

import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
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
     * This run with a PATCH applied (runs.md §6.4 rules 3–9): output merged, state merged without
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

    /** {@code set_output/}: the output replaced (runs.md §6.5), with the {@code pr_merged} rule. */
    public Run withOutput(Object newOutput, Instant now) {
        return new Run(id, task, project, stage, branch, status, environment, errorMessage,
                RunOutput.replace(output, newOutput), state, artifacts, createdAt, now, completedAt);
    }

    /** This run as written at {@code now} without other change (an append of entries). */
    public Run touched(Instant now) {
        return new Run(id, task, project, stage, branch, status, environment, errorMessage, output, state, artifacts,
                createdAt, now, completedAt);
    }

    /** This run with its manifest (artifacts.md §1.7) replaced, as written at {@code now}, under the row lock. */
    public Run withArtifacts(Manifest manifest, Instant now) {
        return new Run(id, task, project, stage, branch, status, environment, errorMessage, output, state,
                manifest, createdAt, now, completedAt);
    }

    /** Whether the {@code run.start} job should give this run a sandbox: a cloud run that has not begun. */
    public boolean awaitsSandbox() {
        return environment == RunEnvironment.CLOUD && (status == RunStatus.QUEUED || status == RunStatus.NOT_STARTED);
    }

    /**
     * This run once its sandbox is up (cloud.md §2.3 {@code run.start} rule 3): the sandbox's id, URL
     * and connect token (when the provider issued one) recorded in the state, bypassing the protection
     * of {@code sandbox_id} that only the server may change.
     */
    public Run inSandbox(String sandboxId, String sandboxUrl, String connectToken, Instant now) {
        Map<String, Object> newState = new LinkedHashMap<>(state);
        newState.put("sandbox_id", sandboxId);
        newState.put("sandbox_url", sandboxUrl);
        if (connectToken != null) {
            newState.put("sandbox_connect_token", connectToken);
        }
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
