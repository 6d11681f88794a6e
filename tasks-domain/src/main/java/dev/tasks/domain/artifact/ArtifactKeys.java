package dev.tasks.domain.artifact;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;

/**
 * Where artifact objects live in the bucket (artifacts.md §1.6): every key of a run starts with the
 * run's prefix, every staged key with the task's staged prefix.
 *
 * @param folder {@code TASKS_S3_FOLDER}, without a trailing slash
 */
public record ArtifactKeys(String folder) {

    public String runPrefix(ProjectId project, TaskId task, RunId run) {
        return taskPrefix(project, task) + "/run_" + run;
    }

    /** {@code <run prefix>/<first 8 characters of the id>_<safe name>}. */
    public String runArtifact(ProjectId project, TaskId task, RunId run, String artifactId, ArtifactName name) {
        String shortId = artifactId.length() > 8 ? artifactId.substring(0, 8) : artifactId;
        return runPrefix(project, task, run) + "/" + shortId + "_" + name;
    }

    public String staged(ProjectId project, TaskId task, String artifactId, ArtifactName name) {
        return taskPrefix(project, task) + "/staged/" + artifactId + "/" + name;
    }

    private String taskPrefix(ProjectId project, TaskId task) {
        return folder + "/artifacts/team_" + project + "/task_" + task;
    }
}
