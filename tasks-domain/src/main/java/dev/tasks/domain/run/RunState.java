package dev.tasks.domain.run;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a run's {@code state} object (docs/runs.md#state): which keys only the server may change, and
 * how an update is merged into the persisted state.
 */
public final class RunState {

    /**
     * Keys only the service writes: an update silently ignores them, both when sent and when asked to
     * remove, and a new run's caller-given state never carries them. {@code sandbox_url} and
     * {@code sandbox_connect_token} join PostHog's list: they say where the service sends commands;
     * so do {@code sandbox_jwt_kid} (the key the agent verifies tokens with) and
     * {@code sandbox_started_at} (what the sandbox watchdog goes by).
     */
    public static final Set<String> PROTECTED_KEYS = Set.of("sandbox_url", "sandbox_connect_token",
            "github_credential_source", "pr_authorship_mode", "sandbox_id", "sandbox_cpu_cores",
            "sandbox_memory_gb", "sandbox_ttl_seconds", "inactivity_timeout_seconds", "wizard_config",
            "wizard_head_branch", "use_modal_directory_resume_snapshots", "use_modal_vm_sandbox",
            "snapshot_external_id", "snapshot_kind", "snapshot_mount_path", "agent_otel_telemetry_enabled",
            "sandbox_event_ingest_enabled", "workflow_id", "pending_dispatch", "pending_external_followups",
            "pending_external_followups_generation", "ai_stage", "self_driving_head_branch", "runtime_adapter",
            "provider", "model", "reasoning_effort", "sandbox_jwt_kid", "sandbox_started_at");

    private RunState() {
    }

    /** {@code state} without the protected keys: what a caller may put into a new run's state. */
    public static Map<String, Object> withoutProtected(Map<String, Object> state) {
        Map<String, Object> kept = new LinkedHashMap<>(state);
        kept.keySet().removeAll(PROTECTED_KEYS);
        return kept;
    }

    /**
     * The persisted state, without the removed keys, then shallow-merged with the sent ones;
     * protected keys are dropped from both. A key both removed and sent ends up set.
     */
    public static Map<String, Object> merge(Map<String, Object> persisted, Map<String, Object> sent,
                                            Collection<String> removeKeys) {
        Map<String, Object> merged = new LinkedHashMap<>(persisted);
        for (String key : removeKeys) {
            if (!PROTECTED_KEYS.contains(key)) {
                merged.remove(key);
            }
        }
        sent.forEach((key, value) -> {
            if (!PROTECTED_KEYS.contains(key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
