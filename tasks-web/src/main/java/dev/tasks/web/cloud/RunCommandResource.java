package dev.tasks.web.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.AgentCommand;
import dev.tasks.domain.sandbox.CommandMethod;
import dev.tasks.domain.sandbox.UserMessage;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.Json;
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
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/command/} (docs/cloud-runs.md#commands): a
 * JSON-RPC 2.0 command for the run's agent. A forwarded command is answered asynchronously: while the
 * agent works (up to ten minutes for a turn) no request thread waits.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/command")
@RefusalBody(value = RefusalBody.Shape.ERROR, unavailable = 502)
public class RunCommandResource {

    @Inject
    RequestContext context;

    @Inject
    AgentCommands commands;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public void command(@PathParam("task_id") String taskId, @PathParam("run_id") String runId, JsonBody body,
                        @Suspended AsyncResponse response) {
        Fields fields = body.fields();
        fields.requiredChoice("jsonrpc", version -> "2.0".equals(version) ? version : null);
        CommandMethod method = fields.requiredChoice("method", CommandMethod::fromWire);
        ObjectNode params = fields.object("params", false).orElse(null);
        Object id = fields.json("id").orElse(null);
        @SuppressWarnings("unchecked")
        AgentCommand command = new AgentCommand(method,
                params == null ? Map.of() : (Map<String, Object>) Json.plain(params), id);
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        if (method == CommandMethod.USER_MESSAGE) {
            commands.queue(context.project(), context.caller(), task, run, UserMessage.of(command.params()));
            response.resume(AgentCommands.queuedAnswer(command.id()));
            return;
        }
        commands.forward(context.project(), context.caller(), task, run, command).whenComplete((answer, failure) -> {
            if (failure == null) {
                response.resume(Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build());
            } else {
                response.resume(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
    }
}
