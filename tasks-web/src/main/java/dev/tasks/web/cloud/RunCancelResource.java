package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.Run;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RefusalBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.runs.LogUrls;
import dev.tasks.web.runs.RunView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * {@code POST /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/cancel/} (an extension, beyond
 * PostHog): stops a run; a cloud run's agent is told to cancel and its sandbox is released.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/cancel")
@RefusalBody(RefusalBody.Shape.ERROR)
public class RunCancelResource {

    /** The longest reason a cancel may give. */
    static final int MAX_REASON_LENGTH = 500;

    @Inject
    RequestContext context;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    LogUrls logUrls;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public RunView cancel(@PathParam("task_id") String taskId, @PathParam("run_id") String runId, JsonBody body) {
        Fields fields = body.fields();
        String reason = fields.string("reason", Text.of(MAX_REASON_LENGTH).nullAllowed()).orElse(null);
        Run run = lifecycle.cancel(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                reason);
        return RunView.of(run, logUrls.of(run));
    }
}
