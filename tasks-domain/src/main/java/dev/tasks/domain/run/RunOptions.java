package dev.tasks.domain.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a caller asks of a new run (runs.md §4), already parsed field by field, and the state the run
 * starts with (§5.3): the mode, then the caller's extra keys, then every option that was given.
 *
 * @param extraState keys the caller adds to the state ({@code mode} among them is ignored)
 */
public record RunOptions(String mode, String branch, RuntimeSelection runtime, String prAuthorshipMode,
                         String runSource, String signalReportId, UUID sandboxEnvironmentId,
                         Map<String, Object> extraState) {

    public static final String DEFAULT_MODE = "background";

    public RunOptions {
        mode = mode == null ? DEFAULT_MODE : mode;
        runtime = runtime == null ? new RuntimeSelection(null, null, null, null) : runtime;
        extraState = extraState == null ? Map.of() : extraState;
        if ("signal_report".equals(runSource)) {
            prAuthorshipMode = "bot"; // runs started from a signal report are always bot-authored
        }
    }

    /** The state of §5.3; the runtime has been validated by then. */
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

    private static void putIfPresent(Map<String, Object> state, String key, Object value) {
        if (value != null) {
            state.put(key, value);
        }
    }
}
