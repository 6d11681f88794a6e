package dev.tasks.domain.artifact;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.util.UUID;

/**
 * Where artifact objects live in the bucket (docs/artifacts.md#storage-keys): every key of a run starts with the
 * run's prefix, every staged key with the task's staged prefix. A path a client names is accepted
 * only when it has exactly the shape the server hands out under that prefix, so no {@code ..},
 * empty segment or extra folder can lead it anywhere else ({@link StoragePath}).
 *
 * @param folder {@code TASKS_S3_FOLDER}, without a trailing slash
 */
public record ArtifactKeys(String folder) {

    public String runPrefix(ProjectId project, TaskId task, RunId run) {
        return taskPrefix(project, task) + "/run_" + run;
    }

    /** {@code <run prefix>/<first 8 characters of the id>_<safe name>}. */
    public StoragePath runArtifact(ProjectId project, TaskId task, RunId run, String artifactId, ArtifactName name) {
        return new StoragePath(runPrefix(project, task, run) + "/" + shortId(artifactId) + "_" + name);
    }

    public StoragePath staged(ProjectId project, TaskId task, String artifactId, ArtifactName name) {
        return new StoragePath(taskPrefix(project, task) + "/staged/" + artifactId + "/" + name);
    }

    /**
     * Whether a client's {@code storage_path} can be the run artifact {@code artifactId}
     * (docs/artifacts.md#finalizing-an-upload).
     */
    public boolean isRunArtifact(ProjectId project, TaskId task, RunId run, String artifactId, StoragePath path) {
        return path.isDirectlyUnder(runPrefix(project, task, run))
                && path.lastSegment().startsWith(shortId(artifactId) + "_");
    }

    /**
     * Whether a client's {@code storage_path} can be the staged artifact {@code artifactId}
     * (docs/artifacts.md#staged-artifacts).
     */
    public boolean isStaged(ProjectId project, TaskId task, String artifactId, StoragePath path) {
        return StoragePath.isPlainSegment(artifactId)
                && path.isDirectlyUnder(taskPrefix(project, task) + "/staged/" + artifactId);
    }

    /** A new artifact id: a random UUID as 32 lower-case hex characters (docs/artifacts.md#storage-keys). */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String shortId(String artifactId) {
        return artifactId.length() > 8 ? artifactId.substring(0, 8) : artifactId;
    }

    private String taskPrefix(ProjectId project, TaskId task) {
        return folder + "/artifacts/team_" + project + "/task_" + task;
    }
}
