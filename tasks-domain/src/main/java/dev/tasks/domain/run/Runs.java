package dev.tasks.domain.run;

import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.TaskId;
import java.util.List;
import java.util.Optional;

/** The runs port. Lookups name the task, so a run is never reached through another task. */
public interface Runs {

    /** The task's runs, newest first ({@code -created_at, -id}). */
    Page<Run> list(TaskId task, PageRequest page);

    Optional<Run> find(TaskId task, RunId id);

    /** A run by its id alone, for jobs (which act for no caller). */
    Optional<Run> find(RunId id);

    /** The run, its row locked until the transaction ends: every merge applies to the latest values. */
    Optional<Run> lock(TaskId task, RunId id);

    /** The run, whatever its task, locked until the transaction ends (for jobs, which know only the run). */
    Optional<Run> lock(RunId id);

    /** The task's cloud runs that have not ended (a deleted task releases their sandboxes). */
    /**
     * Cloud runs of every project that have not ended, in id order after {@code after} (null: from
     * the first), at most {@code limit}: what the sandbox watchdog walks.
     */
    List<Run> unfinishedCloudRuns(RunId after, int limit);

    List<Run> unfinishedCloudRuns(TaskId task);

    /** Stores a new run and makes it the task's latest run. */
    void add(Run run);

    void update(Run run);
}
