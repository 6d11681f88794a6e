package dev.tasks.domain.run;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.WireEnum;

/**
 * The jobs the run endpoints cause (docs/cloud-runs.md#job-kinds), enqueued in the caller's transaction so that a
 * job exists exactly when the change that caused it committed.
 */
public interface RunJobs {

    /** Why a run is being completed. */
    enum Reason implements WireEnum {
        STATUS, HANDOFF, SCHEMA, TASK_DELETED, CANCEL, WATCHDOG
    }

    /**
     * {@code run.start}: ask the sandbox provider for a sandbox for the run, which {@code startedBy}
     * started through the API at {@code apiUrl} (the base URL the sandbox's agent reports to when no
     * public URL is configured). At most one is pending per run.
     */
    void start(RunId run, UserId startedBy, String apiUrl);

    /**
     * {@code run.complete}: set {@code status} when given and the run is not terminal yet, release the
     * run's sandbox, forget its GitHub token. At most one is pending per run.
     */
    void complete(RunId run, RunStatus status, Reason reason);

    /**
     * {@code run.message}: deliver the queued message {@code sequence} to its run's agent
     * (docs/cloud-runs.md#queued-user-messages).
     */
    void message(long sequence);

    /**
     * Cancels the run's waiting {@code run.start} and, with {@code completions}, {@code run.complete}
     * jobs: a new execution supersedes them (docs/cloud-runs.md#resuming-a-run-in-the-cloud,
     * docs/cloud-runs.md#cancelling-a-run).
     */
    void supersede(RunId run, boolean completions);

    /** {@code run.teardown}: destroy a sandbox a resumed run no longer uses. */
    void teardown(String sandboxId);
}
