package dev.tasks.web.artifacts;

import dev.tasks.domain.identity.Scope;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;

/** {@code /api/projects/{project_id}/tasks/{task_id}/staged_artifacts/}: artifacts.md §3. */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/staged_artifacts")
public class StagedArtifactsResource {

    @Inject
    RequestContext context;

    @Inject
    ArtifactService artifacts;

    @POST
    @Path("prepare_upload")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Map<String, Object> prepare(@PathParam("task_id") String taskId, JsonBody body) {
        var items = ArtifactRequest.prepare(body.fields());
        return RunArtifactsResource.listed(artifacts.prepareStaged(context.project(), context.caller(), taskId, items));
    }

    @POST
    @Path("finalize_upload")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Map<String, Object> finalizeUploads(@PathParam("task_id") String taskId, JsonBody body) {
        var items = ArtifactRequest.finalize(body.fields());
        return RunArtifactsResource.listed(artifacts.finalizeStaged(context.project(), context.caller(), taskId,
                items));
    }
}
