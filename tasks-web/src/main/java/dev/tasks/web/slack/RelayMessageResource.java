package dev.tasks.web.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tasks.domain.identity.Scope;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RefusalBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/relay_message/}
 * (docs/cloud-runs.md#relaying-the-agents-answers): the agent's answer, posted into the run's Slack thread by a job.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/relay_message")
@RefusalBody(RefusalBody.Shape.ERROR)
public class RelayMessageResource {

    /** The longest {@code text} a relay takes. */
    static final int MAX_TEXT_LENGTH = 10_000;
    /** The most {@code text_parts} a relay takes (each as long as {@code text} at most). */
    static final int MAX_PARTS = 1_000;

    @Inject
    RequestContext context;

    @Inject
    SlackService slack;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public Map<String, Object> relay(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                                     JsonBody body) {
        Fields fields = body.fields();
        String text = fields.requiredString("text", Text.of(MAX_TEXT_LENGTH));
        ArrayNode parts = fields.list("text_parts", true, true).orElse(null);
        if (parts != null && parts.size() > MAX_PARTS) {
            throw fields.tooMany("text_parts", MAX_PARTS);
        }
        List<String> textParts = parts == null ? null
                : fields.strings("text_parts", parts, Text.of(MAX_TEXT_LENGTH).blankAllowed());
        fields.string("message_id", Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed());
        fields.string("trace_id", Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed());
        Optional<UUID> relay = slack.relay(context.project(), context.caller(), PathIds.taskOfRun(taskId),
                PathIds.run(runId), text, textParts);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", relay.isPresent() ? "accepted" : "skipped");
        relay.ifPresent(id -> answer.put("relay_id", id.toString()));
        return answer;
    }
}
