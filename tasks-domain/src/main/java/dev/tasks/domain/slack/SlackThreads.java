package dev.tasks.domain.slack;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The Slack thread mappings port. */
public interface SlackThreads {

    /** The task's mappings, most recently updated first. */
    List<SlackThread> list(TaskId task);

    Optional<SlackThread> find(long integration, String channel, String threadTs);

    /** Inserts a new mapping or replaces the one with the same id. */
    void save(SlackThread thread);

    boolean delete(TaskId task, UUID id);

    /**
     * The mapping of a run: the most recently updated one that names the run, else the most recently
     * updated one of its task, else none (docs/cloud-runs.md#thread-mappings).
     */
    Optional<SlackThread> mappingOf(TaskId task, RunId run);
}
