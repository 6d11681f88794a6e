package dev.tasks.web.artifacts;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.task.TaskId;
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
import java.util.Map;

/** {@code /api/projects/{project_id}/tasks/{task_id}/staged_artifacts/}: docs/artifacts.md#staged-artifacts. */
@RequestScoped
@RefusalBody(value = RefusalBody.Shape.ERROR, unavailable = 400)
@Path("projects/{project_id}/tasks/{task_id}/staged_artifacts")
public class StagedArtifactsResource {

    @Inject
    RequestContext context;

    @Inject
    StagedArtifactService staged;

    @POST
    @Path("prepare_upload")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Map<String, Object> prepare(@PathParam("task_id") String taskId, JsonBody body) {
        var items = ArtifactRequest.prepare(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        return ArtifactViews.listed(ArtifactViews.prepared(
                staged.prepare(context.project(), context.caller(), task, items)));
    }

    @POST
    @Path("finalize_upload")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public Map<String, Object> finalizeUploads(@PathParam("task_id") String taskId, JsonBody body) {
        var items = ArtifactRequest.finalize(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        return ArtifactViews.listed(ArtifactViews.entries(
                staged.finalizeUploads(context.project(), context.caller(), task, items)));
    }
}
