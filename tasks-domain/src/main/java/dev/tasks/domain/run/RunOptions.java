package dev.tasks.domain.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a caller asks of a new run (docs/runs.md#run-options), already parsed field by field, and the state the run
 * starts with (docs/runs.md#new-state): the mode, then the caller's extra keys, then every option that was given.
 *
 * @param extraState keys the caller adds to the state ({@code mode} among them is ignored)
 */
public record RunOptions(String mode, String branch, RuntimeSelection runtime, String prAuthorshipMode,
                         String runSource, String signalReportId, UUID sandboxEnvironmentId,
                         Map<String, Object> extraState) {

    public static final String DEFAULT_MODE = "background";

    /** The workspace snapshot of a run, copied to the run that resumes it. */
    static final List<String> SNAPSHOT_KEYS = List.of("snapshot_external_id", "snapshot_kind",
            "snapshot_mount_path");

    public RunOptions {
        mode = mode == null ? DEFAULT_MODE : mode;
        runtime = runtime == null ? new RuntimeSelection(null, null, null, null) : runtime;
        extraState = extraState == null ? Map.of() : extraState;
        if ("signal_report".equals(runSource)) {
            prAuthorshipMode = "bot"; // runs started from a signal report are always bot-authored
        }
    }

    /**
     * These options continuing {@code previous} (docs/runs.md#starting-a-new-cloud-run): the state records
     * {@code resume_from_run_id} and copies the previous workspace snapshot; the sandbox environment,
     * PR authorship, run source, signal report and runtime not given here are inherited from the
     * previous state, and the branch defaults to its {@code pr_base_branch}. The initial permission
     * mode is never inherited. The runtime is not validated again here (see
     * {@link RuntimeSelection#validateEffort()}).
     */
    public RunOptions resuming(Run previous) {
        Map<String, Object> was = previous.state();
        Map<String, Object> extra = new LinkedHashMap<>(extraState);
        extra.put("resume_from_run_id", previous.id().toString());
        for (String key : SNAPSHOT_KEYS) {
            if (was.get(key) != null) {
                extra.put(key, was.get(key));
            }
        }
        UUID environment = sandboxEnvironmentId != null ? sandboxEnvironmentId
                : uuidOrNull(was.get("sandbox_environment_id"));
        var inherited = new RuntimeSelection(or(runtime.adapter(), was, "runtime_adapter"),
                or(runtime.model(), was, "model"), or(runtime.reasoningEffort(), was, "reasoning_effort"),
                runtime.initialPermissionMode());
        return new RunOptions(mode, or(branch, was, "pr_base_branch"), inherited,
                or(prAuthorshipMode, was, "pr_authorship_mode"), or(runSource, was, "run_source"),
                or(signalReportId, was, "signal_report_id"), environment, extra);
    }

    /** These options with {@code keys} added to the extra state (a null value adds nothing). */
    public RunOptions withExtraState(Map<String, Object> keys) {
        Map<String, Object> extra = new LinkedHashMap<>(extraState);
        keys.forEach((key, value) -> {
            if (value != null) {
                extra.put(key, value);
            }
        });
        return new RunOptions(mode, branch, runtime, prAuthorshipMode, runSource, signalReportId,
                sandboxEnvironmentId, extra);
    }

    /** These options without a sandbox environment (an inherited one the provider no longer accepts). */
    public RunOptions withoutSandboxEnvironment() {
        return new RunOptions(mode, branch, runtime, prAuthorshipMode, runSource, signalReportId, null, extraState);
    }

    /** The state of a new run (docs/runs.md#new-state); the runtime has been validated by then. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("mode", mode);
        extraState.forEach((key, value) -> {
            if (!"mode".equals(key)) {
                state.put(key, value);
            }
        });
        putIfPresent(state, "pr_base_branch", branch);
        putIfPresent(state, "pr_authorship_mode", prAuthorshipMode);
        putIfPresent(state, "run_source", runSource);
        putIfPresent(state, "signal_report_id", signalReportId);
        putIfPresent(state, "runtime_adapter", runtime.adapter());
        putIfPresent(state, "provider", runtime.provider());
        putIfPresent(state, "model", runtime.model());
        putIfPresent(state, "reasoning_effort", runtime.reasoningEffort());
        putIfPresent(state, "initial_permission_mode", runtime.initialPermissionMode());
        putIfPresent(state, "sandbox_environment_id", sandboxEnvironmentId == null ? null : sandboxEnvironmentId.toString());
        return state;
    }

    private static String or(String given, Map<String, Object> previous, String key) {
        return given != null ? given : previous.get(key) instanceof String value ? value : null;
    }

    private static UUID uuidOrNull(Object value) {
        if (value instanceof String text) {
            try {
                return UUID.fromString(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, Object> state, String key, Object value) {
        if (value != null) {
            state.put(key, value);
        }
    }
}
