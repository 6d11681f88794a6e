package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunChanges;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunOptions;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.SessionLogPage;
import dev.tasks.domain.run.SessionLogQuery;
import dev.tasks.domain.run.StreamStart;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.Caps;
import dev.tasks.web.http.DownloadSlot;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.Json;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PageView;
import dev.tasks.web.http.Pagination;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RefusalBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.http.SignedAccess;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/projects/{project_id}/tasks/{task_id}/runs/}: docs/runs.md and the log endpoints
 * (docs/logs-and-stream.md).
 */
@RequestScoped
@Path("projects/{project_id}/tasks/{task_id}/runs")
public class RunsResource {

    @Inject
    RequestContext context;

    @Inject
    RunLookup lookup;

    @Inject
    RunUpdates updates;

    @Inject
    RunEntries entries;

    @Inject
    LogUrls logUrls;

    @Inject
    LogReader logs;

    @Inject
    Pagination pagination;

    @Inject
    StreamHub hub;

    @Inject
    StreamCaps caps;

    @Inject
    DownloadSlot slot;

    @Context
    UriInfo uri;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public PageView<RunView> list(@PathParam("task_id") String taskId, @QueryParam("limit") String limit,
                                  @QueryParam("offset") String offset) {
        PageRequest page = PageRequest.parse(limit, offset);
        return pagination.view(lookup.list(context.project(), context.caller(), PathIds.taskOfRun(taskId), page), page,
                uri, this::view);
    }

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    @RefusalBody(RefusalBody.Shape.DETAIL)
    public Response create(@PathParam("task_id") String taskId, JsonBody body) {
        Fields fields = body.fields();
        RunEnvironment environment = fields.choice("environment", RunEnvironment::fromWire, false)
                .orElse(RunEnvironment.LOCAL);
        RunOptions options = RunOptionsBody.parse(fields, true);
        String token = RunOptionsBody.githubUserToken(fields);
        Run run = updates.create(context.project(), context.caller(), PathIds.taskOfRun(taskId), environment, options,
                token);
        return Response.status(201).entity(view(run)).build();
    }

    @GET
    @Path("{run_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public RunView get(@PathParam("task_id") String taskId, @PathParam("run_id") String runId) {
        return view(lookup.run(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                TaskAccess.RUN_READ));
    }

    @PATCH
    @Path("{run_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public RunView update(@PathParam("task_id") String taskId, @PathParam("run_id") String runId, JsonBody body) {
        RunChanges changes = changes(body.fields());
        return view(updates.update(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                changes));
    }

    @PATCH
    @Path("{run_id}/set_output")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @RefusalBody(RefusalBody.Shape.ERROR)
    public RunView setOutput(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                             JsonBody body) {
        Object output = body.fields().requiredJson("output");
        return view(updates.setOutput(context.project(), context.caller(), PathIds.taskOfRun(taskId),
                PathIds.run(runId), output));
    }

    @POST
    @Path("{run_id}/append_log")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Response appendLog(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                              AppendLogBody body) {
        long started = System.nanoTime();
        Run run = updates.appendLog(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                body.kept());
        return Response.ok(view(run)).header("Server-Timing", timing("s3_append", started)).build();
    }

    @GET
    @Path("{run_id}/logs")
    @SignedAccess
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Response logs(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                         @QueryParam("expires") String expires, @QueryParam("signature") String signature) {
        long started = System.nanoTime();
        Run run;
        if (context.isSigned()) {
            if (!logUrls.verify(runId, expires, signature)) {
                throw ApiException.invalidSignature();
            }
            run = lookup.signed(context.project(), PathIds.taskOfRun(taskId), PathIds.run(runId));
        } else {
            run = readable(taskId, runId);
        }
        List<Run> chain = lookup.chain(run);
        slot.take(context.isSigned() ? run.id() : context.caller().key().id());
        StreamingOutput body = output -> logs.writeLogs(chain, output);
        return Response.ok(body, "application/jsonl")
                .header("Cache-Control", "no-cache")
                .header("Server-Timing", timing("s3_read", started))
                .build();
    }

    @GET
    @Path("{run_id}/session_logs")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Response sessionLogs(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                                @QueryParam("after") String after, @QueryParam("event_types") String eventTypes,
                                @QueryParam("exclude_types") String excludeTypes, @QueryParam("limit") String limit,
                                @QueryParam("offset") String offset,
                                @QueryParam("include_resumed") String includeResumed,
                                @QueryParam("after_seq") String afterSeq) {
        SessionLogQuery query = SessionLogParameters.parse(after, eventTypes, excludeTypes, limit, offset,
                includeResumed, afterSeq);
        Run run = readable(taskId, runId);
        SessionLogPage page = logs.sessionLogs(run, query);
        slot.take(context.caller().key().id());
        StreamingOutput body = output -> logs.writePage(page, output);
        Response.ResponseBuilder response = Response.ok(body, "application/json")
                .header("X-Total-Count", page.total())
                .header("X-Filtered-Count", page.matching())
                .header("X-Matching-Count", page.matching())
                .header("X-Has-More", page.hasMore())
                .header("Cache-Control", "no-cache")
                .header("Server-Timing", String.format(Locale.ROOT, "s3_read;dur=%.1f, filter;dur=%.1f",
                        page.readNanos() / 1e6, page.filterNanos() / 1e6));
        if (page.nextCursor() != null) {
            response.header("X-Next-Cursor", page.nextCursor());
        }
        return response.build();
    }

    /**
     * {@code stream/} (docs/logs-and-stream.md#the-live-stream): validation, lookup and the connection caps answer as
     * JSON; then the suspended request is handed to the {@link StreamHub}, which writes it without
     * blocking and holds no thread for it.
     */
    @GET
    @Path("{run_id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public void stream(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                       @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("start") String start,
                       @Suspended AsyncResponse async, @Context HttpServletRequest request,
                       @Context HttpServletResponse response) {
        Caps.Place place;
        Run run;
        long cursor;
        try {
            Long resumeAfter = lastEventId == null ? null : StreamPositions.lastEventId(lastEventId);
            run = readable(taskId, runId);
            cursor = StreamStart.cursor(resumeAfter, "latest".equals(start), run, entries);
            place = caps.caps().admit(context.caller().key().id());
        } catch (RuntimeException e) {
            async.resume(e);
            return;
        }
        try {
            // Ending the exchange is left to the JAX-RS runtime, which then completes the request
            // itself (its response is committed already, so it adds nothing to the stream).
            hub.open(run, place, request, response, () -> async.resume(Response.noContent().build()), cursor);
        } catch (IOException | RuntimeException e) {
            async.resume(e);
        }
    }

    /** The run a read route names. */
    private Run readable(String taskId, String runId) {
        return lookup.run(context.project(), context.caller(), PathIds.taskOfRun(taskId), PathIds.run(runId),
                TaskAccess.RUN_READ);
    }

    private RunView view(Run run) {
        return RunView.of(run, logUrls.of(run));
    }

    static String timing(String metric, long startedNanos) {
        return metric + ";dur=" + String.format(Locale.ROOT, "%.1f",
                (System.nanoTime() - startedNanos) / 1_000_000.0);
    }

    private static RunChanges changes(Fields fields) {
        Change<RunStatus> status = fields.choice("status", RunStatus::fromWire, false);
        Change<String> branch = fields.string("branch", Text.of(255).blankAllowed().nullAllowed());
        Change<String> stage = fields.string("stage", Text.of(100).blankAllowed().nullAllowed());
        Change<Object> output = fields.json("output");
        Change<ObjectNode> state = fields.object("state", false);
        Change<ArrayNode> remove = fields.list("state_remove_keys", false, false);
        List<String> removeKeys = remove.isSet()
                ? fields.strings("state_remove_keys", remove.value(), Text.of(Fields.UNLIMITED).blankAllowed().untrimmed())
                : List.of();
        Change<RunEnvironment> environment = fields.choice("environment",
                text -> "local".equals(text) ? RunEnvironment.LOCAL : null, false);
        Change<String> errorMessage = fields.string("error_message",
                Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed().untrimmed());
        @SuppressWarnings("unchecked")
        Map<String, Object> stateValues = state.isSet()
                ? (Map<String, Object>) Json.plain(state.value()) : Map.of();
        return new RunChanges(status, branch, stage, output, stateValues, removeKeys, environment, errorMessage);
    }
}
