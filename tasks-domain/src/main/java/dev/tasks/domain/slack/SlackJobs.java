package dev.tasks.domain.slack;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;

/** Slack jobs, enqueued in the transaction of the change that causes them (docs/cloud-runs.md#job-kinds). */
public interface SlackJobs {

    /**
     * {@code slack.pr_update}: post {@code Pull request: <prUrl>} into the run's mapped thread. The
     * mapping seen now travels with the job; the job resolves the mapping again when it runs.
     */
    void prUpdate(TaskId task, RunId run, String prUrl, SlackThread mapping);

    /**
     * {@code slack.relay}: post the queued relay {@code sequence} into its thread
     * (docs/cloud-runs.md#relaying-the-agents-answers).
     */
    void relay(long sequence);
}
