package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Refusal;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.PublicUrls;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/resume_in_cloud/}
 * (docs/cloud-runs.md#resuming-a-run-in-the-cloud): moves a run, typically a finished local one, into a fresh cloud
 * sandbox under the same id.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/resume_in_cloud")
@RefusalBody(value = RefusalBody.Shape.ERROR, unavailable = 502)
public class ResumeInCloudResource {

    private static final Logger LOG = Logger.getLogger(ResumeInCloudResource.class.getName());

    @Inject
    RequestContext context;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    LogUrls logUrls;

    @Inject
    PublicUrls urls;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public RunView resume(@PathParam("task_id") String taskId, @PathParam("run_id") String runId) {
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        Run resumed;
        try {
            resumed = lifecycle.resume(context.project(), context.caller(), task, run, urls.base());
        } catch (Refusal refusal) {
            throw refusal;
        } catch (RuntimeException e) {
            // Rule 7: the hand-off was rolled back; the failure is recorded apart from it.
            LOG.log(Level.WARNING, "Could not hand run " + run + " off to the cloud", LogSafe.throwable(e));
            lifecycle.resumeFailed(context.project(), context.caller(), task, run);
            throw Unavailable.of(RunLifecycle.RESUME_FAILURE);
        }
        return RunView.of(resumed, logUrls.of(resumed));
    }
}
