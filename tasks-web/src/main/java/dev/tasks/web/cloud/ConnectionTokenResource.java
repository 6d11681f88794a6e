package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.runs.RunLookup;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;

/**
 * {@code GET /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/connection_token/}
 * (docs/cloud-runs.md#connection-tokens): a token to talk to the run's agent. A GET that mints a credential, so it
 * needs {@code task:write} and control of the task.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/connection_token")
public class ConnectionTokenResource {

    @Inject
    RequestContext context;

    @Inject
    RunLookup lookup;

    @Inject
    AgentConnections connections;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Map<String, String> token(@PathParam("task_id") String taskId, @PathParam("run_id") String runId) {
        Run run = lookup.run(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                TaskAccess.RUN_CONTROL);
        return Map.of("token", connections.token(run, context.caller().user()));
    }
}
