package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.PublicUrls;
import dev.tasks.web.http.RefusalBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.tasks.TaskService;
import dev.tasks.web.tasks.TaskView;
import dev.tasks.web.tasks.TaskViews;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * {@code POST /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/start/}
 * (docs/cloud-runs.md#starting-a-created-run): starts a cloud run created by {@code POST runs/}, typically once its
 * attachments are uploaded; answers the task.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/start")
@RefusalBody(RefusalBody.Shape.ERROR)
public class RunStartResource {

    @Inject
    RequestContext context;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    TaskService tasks;

    @Inject
    TaskViews views;

    @Inject
    PublicUrls urls;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public TaskView start(@PathParam("task_id") String taskId, @PathParam("run_id") String runId, JsonBody body) {
        PendingInput input = PendingInput.read(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        Task started = lifecycle.start(context.project(), context.caller(), task, PathIds.run(runId), input.message(),
                input.artifactIds(), urls.base());
        return views.task(tasks.get(context.project(), context.caller(), started.id()), context.project());
    }
}
