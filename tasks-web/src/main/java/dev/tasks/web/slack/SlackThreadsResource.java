package dev.tasks.web.slack;

import dev.tasks.domain.identity.Scope;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.slack.SlackService.Mapped;
import dev.tasks.web.slack.SlackService.MappingRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/projects/{project_id}/tasks/{task_id}/slack_threads/} (docs/cloud-runs.md#thread-mappings). */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/slack_threads")
public class SlackThreadsResource {

    private static final int MAX_LENGTH = 64;

    @Inject
    RequestContext context;

    @Inject
    SlackService slack;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public List<Map<String, Object>> list(@PathParam("task_id") String taskId) {
        return slack.list(context.project(), context.caller(), PathIds.taskOfRun(taskId)).stream().map(SlackThreadView::of).toList();
    }

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public Response map(@PathParam("task_id") String taskId, JsonBody body) {
        Fields fields = body.fields();
        if (!fields.has("integration")) {
            throw fields.required("integration");
        }
        long integration = fields.relatedId("integration", false).value();
        String channel = fields.requiredString("channel", Text.of(MAX_LENGTH));
        String threadTs = fields.requiredString("thread_ts", Text.of(MAX_LENGTH));
        String workspace = fields.string("slack_workspace_id", Text.of(MAX_LENGTH).blankAllowed().nullAllowed())
                .orElse(null);
        UUID run = fields.uuid("task_run", true).orElse(null);
        String mentioning = fields.string("mentioning_slack_user_id", Text.of(MAX_LENGTH).blankAllowed().nullAllowed())
                .orElse(null);
        Mapped mapped = slack.map(context.project(), context.caller(), PathIds.taskOfRun(taskId),
                new MappingRequest(integration, channel, threadTs, workspace, run, mentioning));
        return Response.status(mapped.created() ? 201 : 200).entity(SlackThreadView.of(mapped.thread())).build();
    }

    @DELETE
    @Path("{mapping_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Response unmap(@PathParam("task_id") String taskId, @PathParam("mapping_id") String mappingId) {
        slack.unmap(context.project(), context.caller(), PathIds.taskOfRun(taskId), mappingId);
        return Response.noContent().build();
    }
}
