package dev.tasks.web.identity;

import dev.tasks.domain.identity.Scope;
import dev.tasks.web.http.AdministratorsOnly;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.identity.IdentityViews.MembershipView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/projects/{project_id}/members/}: who belongs to a project. */
@RequestScoped
@Path("projects/{project_id}/members")
public class MembersResource {

    @Inject
    RequestContext context;

    @Inject
    ProjectService projects;

    @GET
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.READ)
    public List<MembershipView> list() {
        return projects.members(context.project()).stream().map(MembershipView::of).toList();
    }

    @POST
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.WRITE)
    @AdministratorsOnly
    @Idempotent
    public Response add(JsonBody body) {
        long userId = body.fields().requiredInteger("user_id", null, null);
        ProjectService.Joined joined = projects.addMember(context.project(), userId);
        return Response.status(joined.created() ? 201 : 200).entity(MembershipView.of(joined.membership())).build();
    }

    @DELETE
    @Path("{user_id}")
    @RequiresScope(value = Scope.Resource.PROJECT, access = Scope.Access.WRITE)
    @AdministratorsOnly
    public Response remove(@PathParam("user_id") String userId) {
        projects.removeMember(context.project(), userId);
        return Response.noContent().build();
    }
}
