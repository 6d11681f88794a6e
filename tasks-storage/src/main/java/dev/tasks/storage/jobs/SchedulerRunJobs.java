package dev.tasks.storage.jobs;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Run jobs as db-scheduler executions keyed by run id (so one is pending per run and kind). */
@ApplicationScoped
public class SchedulerRunJobs implements RunJobs {

    public static final String RUN_COMPLETE = "run.complete";

    @Inject
    JobRunner jobs;

    @Override
    public void complete(RunId run, RunStatus status, Reason reason) {
        jobs.enqueue(RUN_COMPLETE, run.toString(), reason.wireName() + (status == null ? "" : ":" + status.wireName()));
    }

    /** The payload of a {@code run.complete} job: its reason, and the status to set if any. */
    public record Completion(String reason, RunStatus status) {
        public static Completion parse(String payload) {
            int colon = payload.indexOf(':');
            return colon < 0 ? new Completion(payload, null)
                    : new Completion(payload.substring(0, colon), RunStatus.fromWire(payload.substring(colon + 1)));
        }
    }
}
