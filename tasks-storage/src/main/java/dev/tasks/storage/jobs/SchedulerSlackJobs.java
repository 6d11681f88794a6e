package dev.tasks.storage.jobs;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.slack.SlackJobs;
import dev.tasks.domain.slack.SlackThread;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.json.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Slack jobs as db-scheduler executions; several may be pending for one run (no dedupe key). */
@ApplicationScoped
public class SchedulerSlackJobs implements SlackJobs {

    public static final String PR_UPDATE = "slack.pr_update";
    public static final String RELAY = "slack.relay";

    @Inject
    JobRunner jobs;

    @Override
    public void prUpdate(TaskId task, RunId run, String prUrl, SlackThread mapping) {
        jobs.enqueue(PR_UPDATE, run + ":" + UUID.randomUUID(), PrUpdate.of(task, run, prUrl, mapping).json());
    }

    @Override
    public void relay(long sequence) {
        jobs.enqueue(RELAY, Long.toString(sequence), "");
    }

    /** The payload of a {@code slack.pr_update} job. */
    public record PrUpdate(String task, String run, String prUrl, long integration, String channel, String threadTs) {

        static PrUpdate of(TaskId task, RunId run, String prUrl, SlackThread mapping) {
            return new PrUpdate(task.toString(), run.toString(), prUrl, mapping.integration(), mapping.channel(),
                    mapping.threadTs());
        }

        String json() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("task", task);
            payload.put("run", run);
            payload.put("pr_url", prUrl);
            payload.put("integration", integration);
            payload.put("channel", channel);
            payload.put("thread_ts", threadTs);
            return JsonColumns.write(payload);
        }

        public static PrUpdate parse(String payload) {
            Map<String, Object> fields = JsonColumns.readObject(payload);
            return new PrUpdate((String) fields.get("task"), (String) fields.get("run"), (String) fields.get("pr_url"),
                    ((Number) fields.get("integration")).longValue(), (String) fields.get("channel"),
                    (String) fields.get("thread_ts"));
        }
    }
}
