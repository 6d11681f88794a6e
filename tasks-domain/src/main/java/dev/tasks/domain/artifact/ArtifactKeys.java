package dev.tasks.domain.artifact;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.util.UUID;

/**
 * Where artifact objects live in the bucket (artifacts.md §1.6): every key of a run starts with the
 * run's prefix, every staged key with the task's staged prefix. A path a client names is accepted
 * only when it has exactly the shape the server hands out under that prefix, so no {@code ..},
 * empty segment or extra folder can lead it anywhere else.
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

    /** Whether a client's {@code storage_path} can be the run artifact {@code artifactId} (§2.3 step 1). */
    public boolean isRunArtifact(ProjectId project, TaskId task, RunId run, String artifactId, String path) {
        String prefix = runPrefix(project, task, run) + "/";
        if (!path.startsWith(prefix)) {
            return false;
        }
        String file = path.substring(prefix.length());
        String shortId = artifactId.length() > 8 ? artifactId.substring(0, 8) : artifactId;
        return isPlainSegment(file) && file.startsWith(shortId + "_");
    }

    /** Whether a client's {@code storage_path} can be the staged artifact {@code artifactId} (§3.2 step 1). */
    public boolean isStaged(ProjectId project, TaskId task, String artifactId, String path) {
        String prefix = taskPrefix(project, task) + "/staged/" + artifactId + "/";
        return isPlainSegment(artifactId) && path.startsWith(prefix)
                && isPlainSegment(path.substring(prefix.length()));
    }

    /** A new artifact id: a random UUID as 32 lower-case hex characters (§1.6 rule 3). */
    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * Whether a key names only itself: non-empty segments, none of them {@code .} or {@code ..}, no
     * control characters. HTTP clients resolve dot segments before a request leaves, so any other
     * key could reach an object it does not spell.
     */
    public static boolean isPlainKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (!isPlainSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlainSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0) {
            return false;
        }
        return segment.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private String taskPrefix(ProjectId project, TaskId task) {
        return folder + "/artifacts/team_" + project + "/task_" + task;
    }
}
