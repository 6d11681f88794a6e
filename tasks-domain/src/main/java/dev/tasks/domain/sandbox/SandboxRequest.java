package dev.tasks.domain.sandbox;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskId;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a provider needs to start the agent of a run (docs/cloud-runs.md#the-provider-port), read from the run's task
 * and state when the {@code run.start} job runs, with the agent's environment variables
 * ({@link AgentEnvironment}) and how long the sandbox may live.
 *
 * @param repository {@code org/repo}, or null for a task without one
 * @param branch the run's {@code state.pr_base_branch}, or null
 * @param artifacts the manifest entries named by {@code pending_user_artifact_ids}
 * @param environment the agent's environment variables; it holds credentials, so a provider never logs it
 */
public record SandboxRequest(ProjectId project, TaskId task, RunId run, String repository, String branch,
                             String mode, String runtimeAdapter, String model, String reasoningEffort,
                             String initialPermissionMode, String pendingUserMessage,
                             List<ArtifactEntry> artifacts, String resumeFromRunId,
                             String snapshotExternalId, String snapshotKind, String snapshotMountPath,
                             String sandboxEnvironmentId, boolean handoffResumed, Map<String, String> environment,
                             Duration ttl) {

    public SandboxRequest {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** The request for {@code run} of {@code task}, its agent started with {@code environment}. */
    public static SandboxRequest of(Task task, Run run, Map<String, String> environment, Duration ttl) {
        Map<String, Object> state = run.state();
        List<?> pendingIds = state.get("pending_user_artifact_ids") instanceof List<?> ids ? ids : List.of();
        List<ArtifactEntry> pending = run.artifacts().withIds(pendingIds);
        return new SandboxRequest(run.project(), run.task(), run.id(),
                task.repository() == null ? null : task.repository().toString(), text(state, "pr_base_branch"),
                text(state, "mode"), run.runtimeAdapter(), run.model(), run.reasoningEffort(),
                text(state, "initial_permission_mode"), text(state, "pending_user_message"), pending,
                text(state, "resume_from_run_id"), text(state, "snapshot_external_id"), text(state, "snapshot_kind"),
                text(state, "snapshot_mount_path"), text(state, "sandbox_environment_id"),
                Boolean.TRUE.equals(state.get("handoff_resumed")), environment, ttl);
    }

    private static String text(Map<String, Object> state, String key) {
        return state.get(key) instanceof String value ? value : null;
    }
}
