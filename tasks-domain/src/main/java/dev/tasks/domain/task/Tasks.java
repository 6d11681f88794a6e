package dev.tasks.domain.task;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The tasks port. Every lookup is scoped to a project and filtered by a {@link TaskAccess}
 * predicate for a viewer, so that a task the viewer may not reach is indistinguishable from one that
 * does not exist.
 */
public interface Tasks {

    /** The task with its creator and latest run, when the viewer may reach it. */
    Optional<TaskDetails> details(ProjectId project, TaskId id, UserId viewer, TaskAccess access);

    /** The task alone (no creator, no run), when the viewer may reach it: the check of every run route. */
    Optional<Task> find(ProjectId project, TaskId id, UserId viewer, TaskAccess access);

    /**
     * In one lookup, the task when the viewer may reach it (empty otherwise) and its run {@code run}
     * (an empty {@link TaskRun#run()} when the task has no such run): what every run route reads.
     */
    Optional<TaskRun> findWithRun(ProjectId project, TaskId id, RunId run, UserId viewer, TaskAccess access);

    /** A task and, when it has it, the run a route named. */
    record TaskRun(Task task, Optional<Run> run) {
    }

    /**
     * The task when it exists in the project and is not deleted, whoever looks: for a signed link,
     * whose signature stands in for a viewer (docs/logs-and-stream.md#signed-log-links).
     */
    Optional<Task> findUndeleted(ProjectId project, TaskId id);

    /** The task, locked for the rest of the transaction, when the viewer may reach it. */
    Optional<Task> lock(ProjectId project, TaskId id, UserId viewer, TaskAccess access);

    Page<TaskDetails> list(TaskQuery query, PageRequest page);

    /**
     * The next task number of the project: one more than the greatest ever given (deleted tasks
     * included), 0 for the first. Serialised per project until the transaction ends.
     */
    int nextTaskNumber(ProjectId project);

    void add(Task task);

    void update(Task task);

    /** Distinct repositories of the project's readable, undeleted, non-internal tasks, sorted. */
    List<String> repositories(ProjectId project, UserId viewer);

    /**
     * Replay evidence for readiness (docs/readiness.md#counts): undeleted tasks of the project from
     * {@code session_summaries} for {@code repository} (compared case-insensitively) created at or after
     * {@code since}, internal ones included, whoever may see them.
     */
    long countReplayTasks(ProjectId project, String repository, Instant since);

    /** The readable, undeleted tasks among {@code ids}, newest first. */
    Page<TaskDetails> summaries(ProjectId project, UserId viewer, Collection<TaskId> ids, PageRequest page);
}
