package dev.tasks.storage.jobs;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.shared.WireEnum;
import dev.tasks.storage.json.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Run jobs as db-scheduler executions keyed by run id (so one is pending per run and kind). */
@ApplicationScoped
public class SchedulerRunJobs implements RunJobs {

    public static final String RUN_START = "run.start";
    public static final String RUN_COMPLETE = "run.complete";
    public static final String RUN_MESSAGE = "run.message";
    public static final String RUN_TEARDOWN = "run.teardown";

    @Inject
    JobRunner jobs;

    @Override
    public void start(RunId run, UserId startedBy, String apiUrl) {
        jobs.enqueue(RUN_START, run.toString(), new Start(startedBy.value(), apiUrl).json());
    }

    @Override
    public void complete(RunId run, RunStatus status, Reason reason) {
        jobs.enqueue(RUN_COMPLETE, run.toString(), reason.wireName() + (status == null ? "" : ":" + status.wireName()));
    }

    @Override
    public void message(long sequence) {
        jobs.enqueue(RUN_MESSAGE, Long.toString(sequence), "");
    }

    @Override
    public void supersede(RunId run, boolean completions) {
        jobs.cancel(RUN_START, run.toString());
        if (completions) {
            jobs.cancel(RUN_COMPLETE, run.toString());
        }
    }

    @Override
    public void teardown(String sandboxId) {
        jobs.enqueue(RUN_TEARDOWN, sandboxId, "");
    }

    /** The payload of a {@code run.start} job: who started the run, and through which base URL. */
    public record Start(long startedBy, String apiUrl) {

        String json() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("started_by", startedBy);
            payload.put("api_url", apiUrl);
            return JsonColumns.write(payload);
        }

        public static Start parse(String payload) {
            Map<String, Object> fields = JsonColumns.readObject(payload);
            return new Start(((Number) fields.get("started_by")).longValue(), (String) fields.get("api_url"));
        }
    }

    /** The payload of a {@code run.complete} job: its reason, and the status to set if any. */
    public record Completion(Reason reason, RunStatus status) {
        public static Completion parse(String payload) {
            int colon = payload.indexOf(':');
            String reason = colon < 0 ? payload : payload.substring(0, colon);
            return new Completion(WireEnum.fromWire(Reason.class, reason),
                    colon < 0 ? null : RunStatus.fromWire(payload.substring(colon + 1)));
        }
    }
}
