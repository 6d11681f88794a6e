package dev.tasks.web.tasks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.NewTask;
import dev.tasks.domain.task.OriginProduct;
import dev.tasks.domain.task.RepositoryName;
import dev.tasks.domain.task.TaskChanges;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.TaskQuery;
import dev.tasks.domain.task.TaskTitle;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.FieldValues;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PageView;
import dev.tasks.web.http.Pagination;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.runs.OutputSchemas;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/projects/{project_id}/tasks/}: the task endpoints of docs/tasks.md. */
@RequestScoped
@Path("projects/{project_id}/tasks")
public class TasksResource {

    static final int MAX_SUMMARY_IDS = 5000;

    @Inject
    RequestContext context;

    @Inject
    TaskService tasks;

    @Inject
    TaskViews views;

    @Inject
    Pagination pagination;

    @Inject
    OutputSchemas schemas;

    @Context
    UriInfo uri;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public PageView<TaskView> list(@QueryParam("origin_product") String originProduct,
                                   @QueryParam("stage") String stage,
                                   @QueryParam("repository") String repository,
                                   @QueryParam("organization") String organization,
                                   @QueryParam("created_by") String createdBy,
                                   @QueryParam("search") String search,
                                   @QueryParam("status") String status,
                                   @QueryParam("internal") String internal,
                                   @QueryParam("archived") String archived,
                                   @QueryParam("limit") String limit,
                                   @QueryParam("offset") String offset) {
        Project project = context.project();
        var query = new TaskQuery(project.id(), context.caller().userId(), originProduct, stage, repository,
                organization, userId(createdBy), search, status(status), inclusion("internal", internal),
                inclusion("archived", archived));
        PageRequest page = PageRequest.parse(limit, offset);
        return pagination.view(tasks.list(query, page), page, uri, details -> views.task(details, project));
    }

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public Response create(JsonBody body) {
        Fields fields = body.fields();
        Change<String> title = fields.string("title", Text.of(TaskTitle.MAX_LENGTH).blankAllowed());
        Change<Boolean> titleManuallySet = fields.bool("title_manually_set");
        String description = fields.string("description", Text.of(Fields.UNLIMITED).blankAllowed()).orElse("");
        OriginProduct origin = originProduct(fields).orElse(OriginProduct.USER_CREATED);
        RepositoryName repository = repository(fields).orElse(null);
        Change<Long> integration = fields.relatedId("github_integration", true);
        tasks.requireGithubIntegration(context.project(), integration.orElse(null));
        signalReport(fields);
        Object jsonSchema = jsonSchema(fields).orElse(null);
        boolean internal = fields.bool("internal").orElse(false);
        String ciPrompt = fields.string("ci_prompt", Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed()).orElse(null);
        boolean archived = fields.bool("archived").orElse(false);
        var spec = new NewTask(title.orElse(null), titleManuallySet.orElse(null), description, origin, repository,
                integration.orElse(null), jsonSchema, internal, ciPrompt, archived);
        var created = tasks.create(context.project(), context.caller(), spec, integration.isSet());
        return Response.status(201).entity(views.task(created, context.project())).build();
    }

    @GET
    @Path("repositories")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Map<String, List<String>> repositories() {
        return Map.of("repositories", tasks.repositories(context.project(), context.caller()));
    }

    @POST
    @Path("summaries")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public PageView<TaskSummaryView> summaries(JsonBody body, @QueryParam("limit") String limit,
                                               @QueryParam("offset") String offset) {
        Fields fields = body.fields();
        ArrayNode list = fields.requiredList("ids", false);
        List<TaskId> ids = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            ids.add(new TaskId(FieldValues.uuid(list.get(i), "ids__" + i)));
        }
        if (ids.size() > MAX_SUMMARY_IDS) {
            throw ApiException.validation("max_length",
                    "Ensure this field has no more than " + MAX_SUMMARY_IDS + " elements.", "ids");
        }
        PageRequest page = PageRequest.parse(limit, offset);
        return pagination.view(tasks.summaries(context.project(), context.caller(), ids, page), page, uri,
                views::summary);
    }

    @GET
    @Path("{task_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public TaskView get(@PathParam("task_id") String id) {
        return views.task(tasks.get(context.project(), context.caller(), PathIds.task(id)), context.project());
    }

    @PATCH
    @Path("{task_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public TaskView update(@PathParam("task_id") String id, JsonBody body) {
        TaskChanges changes = changes(body.fields());
        return views.task(tasks.update(context.project(), context.caller(), PathIds.task(id), changes),
                context.project());
    }

    /** PUT behaves exactly like PATCH: only the fields sent change. */
    @PUT
    @Path("{task_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public TaskView replace(@PathParam("task_id") String id, JsonBody body) {
        return update(id, body);
    }

    @DELETE
    @Path("{task_id}")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Response delete(@PathParam("task_id") String id) {
        tasks.delete(context.project(), context.caller(), PathIds.task(id));
        return Response.noContent().build();
    }

    private TaskChanges changes(Fields fields) {
        Change<String> title = fields.string("title", Text.of(TaskTitle.MAX_LENGTH).blankAllowed());
        Change<Boolean> titleManuallySet = fields.bool("title_manually_set");
        Change<String> description = fields.string("description", Text.of(Fields.UNLIMITED).blankAllowed());
        Change<OriginProduct> origin = originProduct(fields);
        Change<RepositoryName> repository = repository(fields);
        Change<Long> integration = fields.relatedId("github_integration", true);
        signalReport(fields);
        Change<Object> jsonSchema = jsonSchema(fields);
        Change<Boolean> internal = fields.bool("internal");
        Change<String> ciPrompt = fields.string("ci_prompt", Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed());
        Change<Boolean> archived = fields.bool("archived");
        return new TaskChanges(title, titleManuallySet, description, origin, repository, integration, jsonSchema,
                internal, ciPrompt, archived);
    }

    /** {@code json_schema}: any JSON Schema of a draft the service knows, or null (checked when stored). */
    private Change<Object> jsonSchema(Fields fields) {
        Change<Object> schema = fields.json("json_schema");
        if (schema.isSet()) {
            schemas.problemOf(schema.value()).ifPresent(problem -> {
                throw ApiException.invalidInput("Invalid JSON schema: " + problem, "json_schema");
            });
        }
        return schema;
    }

    private static Change<OriginProduct> originProduct(Fields fields) {
        Change<OriginProduct> origin = fields.choice("origin_product", OriginProduct::fromWire, false);
        if (origin.isSet()) {
            origin.value().requireWritable();
        }
        return origin;
    }

    private static Change<RepositoryName> repository(Fields fields) {
        Change<String> text = fields.string("repository", Text.of(255).blankAllowed().nullAllowed());
        try {
            return text.map(value -> RepositoryName.parseOptional(value).orElse(null));
        } catch (InvalidValueException e) {
            throw fields.invalidInput(e);
        }
    }

    /** Signal reports do not exist in this product: any report id is foreign. */
    private static void signalReport(Fields fields) {
        UUID report = fields.uuid("signal_report", true).orElse(null);
        if (report != null) {
            throw ApiException.invalidInput("Signal report must belong to the same team", "signal_report");
        }
    }

    private static UserId userId(String text) {
        if (text == null) {
            return null;
        }
        BigInteger value = FieldValues.integerText(text);
        if (value == null || value.bitLength() > 63) {
            throw ApiException.validation("invalid", "A valid integer is required.", "created_by");
        }
        return value.signum() < 1 ? new UserId(Long.MAX_VALUE) : new UserId(value.longValueExact());
    }

    private static RunStatus status(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        RunStatus status = RunStatus.fromWire(text);
        if (status == null) {
            throw FieldValues.invalidChoice(text, "status");
        }
        return status;
    }

    private static TaskQuery.Inclusion inclusion(String name, String text) {
        TaskQuery.Inclusion inclusion = TaskQuery.Inclusion.parse(text);
        if (inclusion == null) {
            throw FieldValues.invalidChoice(text, name);
        }
        return inclusion;
    }
}
