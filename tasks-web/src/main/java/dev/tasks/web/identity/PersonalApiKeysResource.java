package dev.tasks.web.identity;

import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.identity.Scopes;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.identity.IdentityViews.ApiKeyView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code /api/personal_api_keys/}: the caller's own keys. A key's value appears once, in the
 * response that creates it. Creation ignores {@code Idempotency-Key}: the value is never stored,
 * so it could not be replayed.
 */
@RequestScoped
@Path("personal_api_keys")
public class PersonalApiKeysResource {

    @Inject
    RequestContext context;

    @Inject
    ApiKeyService keys;

    @GET
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.READ)
    public List<ApiKeyView> list() {
        return keys.list(context.caller());
    }

    @GET
    @Path("{id}")
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.READ)
    public ApiKeyView get(@PathParam("id") String id) {
        return keys.get(context.caller(), id);
    }

    @POST
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.WRITE)
    public Response create(JsonBody body) {
        ApiKeyView created = keys.create(context.caller(), keyRequest(body.fields()));
        return Response.status(201).entity(created).build();
    }

    @DELETE
    @Path("{id}")
    @RequiresScope(value = Scope.Resource.USER, access = Scope.Access.WRITE)
    public Response delete(@PathParam("id") String id) {
        keys.delete(context.caller(), id);
        return Response.noContent().build();
    }

    /** {@code label}, {@code scopes}, {@code scoped_teams}; {@code scoped_organizations} is accepted and ignored. */
    static ApiKeyService.KeyRequest keyRequest(Fields fields) {
        String label = fields.requiredString("label", Text.of(PersonalApiKey.MAX_LABEL_LENGTH));
        var scopeList = fields.requiredList("scopes", false);
        Scopes scopes;
        try {
            scopes = Scopes.parse(fields.strings("scopes", scopeList, Text.of(Fields.UNLIMITED)));
        } catch (InvalidValueException e) {
            throw fields.invalidInput(e);
        }
        List<Long> scopedTeams = fields.has("scoped_teams") ? UsersResource.integers(fields, "scoped_teams") : null;
        return new ApiKeyService.KeyRequest(label, scopes, scopedTeams);
    }
}
