package dev.tasks.web.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.web.http.AdministratorsOnly;
import dev.tasks.web.http.AnyKey;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.FieldValues;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.OpenToSandboxKeys;
import dev.tasks.web.http.PageView;
import dev.tasks.web.http.Pagination;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.identity.IdentityViews.CreatedUserView;
import dev.tasks.web.identity.IdentityViews.MeView;
import dev.tasks.web.identity.IdentityViews.UserView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/users/}: the caller's profile, and user management for administrators. */
@RequestScoped
@Path("users")
public class UsersResource {

    @Inject
    RequestContext context;

    @Inject
    UserService users;

    @Inject
    Pagination pagination;

    @Context
    UriInfo uri;

    @GET
    @Path("@me")
    @OpenToSandboxKeys
    @AnyKey
    public MeView me() {
        return users.me(context.caller());
    }

    @PATCH
    @Path("@me")
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.WRITE)
    public MeView updateMe(JsonBody body) {
        Fields fields = body.fields();
        var changes = new UserService.ProfileChanges(
                fields.string("first_name", Text.of(User.MAX_NAME_LENGTH).blankAllowed()),
                fields.string("last_name", Text.of(User.MAX_NAME_LENGTH).blankAllowed()),
                fields.integer("set_current_team", null, null, true));
        return users.updateMe(context.caller(), changes);
    }

    @GET
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.READ)
    @AdministratorsOnly
    public PageView<UserView> list(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        PageRequest page = PageRequest.parse(limit, offset);
        return pagination.view(users.list(page), page, uri, UserView::of);
    }

    @POST
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.WRITE)
    @AdministratorsOnly
    @Idempotent
    public Response create(JsonBody body) {
        Fields fields = body.fields();
        String email = fields.requiredString("email", Text.of(User.MAX_EMAIL_LENGTH));
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            throw ApiException.validation("invalid", "Enter a valid email address.", "email");
        }
        users.requireEmailFree(email);
        String firstName = fields.string("first_name", Text.of(User.MAX_NAME_LENGTH).blankAllowed()).orElse("");
        String lastName = fields.string("last_name", Text.of(User.MAX_NAME_LENGTH).blankAllowed()).orElse("");
        boolean staff = fields.bool("is_staff").orElse(false);
        List<Long> projects = integers(fields, "projects");
        users.requireProjectsExist(projects);
        ApiKeyService.KeyRequest initialKey = null;
        Change<ObjectNode> key = fields.object("initial_key", true);
        if (key.isSet() && key.value() != null) {
            initialKey = PersonalApiKeysResource.keyRequest(fields.nested("initial_key", key.value()));
        }
        CreatedUserView created = users.create(context.caller(),
                new UserService.NewUserRequest(email, firstName, lastName, staff, projects, initialKey));
        return Response.status(201).entity(created).build();
    }

    @PATCH
    @Path("{id}")
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.WRITE)
    @AdministratorsOnly
    public UserView update(@PathParam("id") String id, JsonBody body) {
        Fields fields = body.fields();
        var changes = new UserService.AccessChanges(
                fields.string("first_name", Text.of(User.MAX_NAME_LENGTH).blankAllowed()),
                fields.string("last_name", Text.of(User.MAX_NAME_LENGTH).blankAllowed()),
                fields.bool("is_staff"), fields.bool("is_active"));
        long userId = id.matches("\\d{1,18}") ? Long.parseLong(id) : 0;
        return UserView.of(users.update(context.caller(), userId, changes));
    }

    /** An optional list of integers at {@code name}, each checked at {@code name__i}. */
    static List<Long> integers(Fields fields, String name) {
        ArrayNode list = fields.list(name, true, true).orElse(null);
        if (list == null) {
            return List.of();
        }
        var values = new ArrayList<Long>();
        for (int i = 0; i < list.size(); i++) {
            values.add(FieldValues.integer(list.get(i), null, null, fields.attr(name) + "__" + i));
        }
        return values;
    }
}
