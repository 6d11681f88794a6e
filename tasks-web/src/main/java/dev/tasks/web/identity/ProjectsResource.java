package dev.tasks.web.identity;

import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.web.http.AdministratorsOnly;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PageView;
import dev.tasks.web.http.Pagination;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.identity.IdentityViews.ProjectView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/** {@code /api/projects/}: the projects the caller may use. */
@RequestScoped
@Path("projects")
public class ProjectsResource {

    @Inject
    RequestContext context;

    @Inject
    ProjectService projects;

    @Inject
    Pagination pagination;

    @Context
    UriInfo uri;

    @GET
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.READ)
    public PageView<ProjectView> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        PageRequest page = PageRequest.parse(limit, offset);
        return pagination.view(projects.list(context.caller(), page), page, uri, ProjectView::of);
    }

    @POST
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.WRITE)
    @AdministratorsOnly
    @Idempotent
    public Response create(JsonBody body) {
        Fields fields = body.fields();
        String name = fields.requiredString("name", Text.of(Project.MAX_NAME_LENGTH));
        Project project = projects.create(context.caller(), name, flags(fields, Optional.empty()));
        return Response.status(201).entity(ProjectView.of(project)).build();
    }

    @GET
    @Path("{project_id}")
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.READ)
    public ProjectView get() {
        return ProjectView.of(context.project());
    }

    @PATCH
    @Path("{project_id}")
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.WRITE)
    public ProjectView update(JsonBody body) {
        Fields fields = body.fields();
        Optional<String> name = Optional.ofNullable(
                fields.string("name", Text.of(Project.MAX_NAME_LENGTH)).orElse(null));
        return ProjectView.of(projects.update(context.project(), flags(fields, name)));
    }

    private static ProjectService.ProjectChanges flags(Fields fields, Optional<String> name) {
        return new ProjectService.ProjectChanges(name,
                Optional.ofNullable(fields.bool("proactive_tasks_enabled").orElse(null)),
                Optional.ofNullable(fields.bool("session_recording_opt_in").orElse(null)),
                Optional.ofNullable(fields.bool("autocapture_exceptions_opt_in").orElse(null)));
    }
}
