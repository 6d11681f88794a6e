package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.CloudRunRequest;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.artifacts.StagedArtifactService;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.PublicUrls;
import dev.tasks.web.http.RefusalBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.runs.RunOptionsBody;
import dev.tasks.web.tasks.TaskService;
import dev.tasks.web.tasks.TaskView;
import dev.tasks.web.tasks.TaskViews;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/**
 * {@code POST /api/projects/{project_id}/tasks/{task_id}/run/}: a new cloud run, started
 * (docs/runs.md#starting-a-new-cloud-run).
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/run")
public class CloudRunsResource {

    @Inject
    RequestContext context;

    @Inject
    CloudRunStarts starts;

    @Inject
    StagedArtifactService staged;

    @Inject
    TaskService tasks;

    @Inject
    TaskViews views;

    @Inject
    PublicUrls urls;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    @RefusalBody(RefusalBody.Shape.DETAIL)
    public TaskView start(@PathParam("task_id") String taskId, JsonBody body) {
        Fields fields = body.fields();
        var options = RunOptionsBody.parse(fields, false);
        UUID resumeFrom = fields.uuid("resume_from_run_id", true).orElse(null);
        PendingInput input = PendingInput.read(fields);
        String token = RunOptionsBody.githubUserToken(fields);
        var request = new CloudRunRequest(options, resumeFrom == null ? null : new RunId(resumeFrom), input.message(),
                input.artifactIds());
        TaskId task = PathIds.task(taskId);
        Run run = starts.start(context.project(), context.caller(), task, request, token, urls.base());
        // After the commit: the moved objects now live as long as the run's (docs/artifacts.md#object-lifetimes).
        staged.retagMovedToRun(context.project(), run);
        return views.task(tasks.get(context.project(), context.caller(), task), context.project());
    }
}
