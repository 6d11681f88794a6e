package dev.tasks.web.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.OutboundPolicy;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.Json;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.identity.IdentityViews.IntegrationView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/projects/{project_id}/integrations/}: credentials for GitHub, Slack and PostHog. */
@RequestScoped
@Path("projects/{project_id}/integrations")
public class IntegrationsResource {

    @Inject
    RequestContext context;

    @Inject
    IntegrationService integrations;

    @Inject
    OutboundPolicy outbound;

    @GET
    @RequiresScope(value = Scope.Resource.INTEGRATION, access = Scope.Access.READ)
    public List<IntegrationView> list() {
        return integrations.list(context.project());
    }

    @POST
    @RequiresScope(value = Scope.Resource.INTEGRATION, access = Scope.Access.WRITE)
    @Idempotent
    public Response create(JsonBody body) {
        Fields fields = body.fields();
        IntegrationKind kind = fields.requiredChoice("kind", IntegrationKind::fromWire);
        String displayName = fields.string("display_name", Text.of(Integration.MAX_DISPLAY_NAME_LENGTH).blankAllowed())
                .orElse("");
        Map<String, Object> config = config(fields, kind, "config").orElse(Map.of());
        Map<String, Object> secrets = secrets(fields, kind, "sensitive_config").orElse(Map.of());
        IntegrationView created = integrations.create(context.caller(), context.project(), kind, displayName, config,
                secrets);
        return Response.status(201).entity(created).build();
    }

    @GET
    @Path("{integration_id}")
    @RequiresScope(value = Scope.Resource.INTEGRATION, access = Scope.Access.READ)
    public IntegrationView get(@PathParam("integration_id") String id) {
        return integrations.get(context.project(), id);
    }

    @PATCH
    @Path("{integration_id}")
    @RequiresScope(value = Scope.Resource.INTEGRATION, access = Scope.Access.WRITE)
    public IntegrationView update(@PathParam("integration_id") String id, JsonBody body) {
        Fields fields = body.fields();
        Change<String> displayName = fields.string("display_name",
                Text.of(Integration.MAX_DISPLAY_NAME_LENGTH).blankAllowed());
        boolean changesObjects = fields.has("config") || fields.has("sensitive_config");
        IntegrationKind kind = changesObjects ? integrations.kindOf(context.project(), id) : null;
        var changes = new IntegrationService.IntegrationChanges(Optional.ofNullable(displayName.orElse(null)),
                changesObjects ? config(fields, kind, "config") : Optional.empty(),
                changesObjects ? secrets(fields, kind, "sensitive_config") : Optional.empty());
        return integrations.update(context.project(), id, changes);
    }

    @DELETE
    @Path("{integration_id}")
    @RequiresScope(value = Scope.Resource.INTEGRATION, access = Scope.Access.WRITE)
    public Response delete(@PathParam("integration_id") String id) {
        integrations.delete(context.project(), id);
        return Response.noContent().build();
    }

    /** The readable config; a PostHog integration needs {@code host} (a URL) and {@code project_id}. */
    private Optional<Map<String, Object>> config(Fields fields, IntegrationKind kind, String name) {
        ObjectNode object = fields.object(name, true).orElse(null);
        if (object == null) {
            if (!kind.requiredConfig().isEmpty()) {
                throw fields.required(name + "__" + kind.requiredConfig().get(0));
            }
            return Optional.empty();
        }
        Fields config = fields.nested(name, object);
        for (String required : kind.requiredConfig()) {
            if (!config.has(required)) {
                throw config.required(required);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>(asMap(object));
        if (kind == IntegrationKind.POSTHOG) {
            String host = config.requiredString("host", Text.of(2000));
            URI origin = origin(host).orElseThrow(() ->
                    ApiException.validation("invalid", "Enter a valid URL.", config.attr("host")));
            outbound.refusal(origin.getHost()).ifPresent(refusal -> {
                throw ApiException.invalidInput("This host is not allowed: " + refusal + ".", config.attr("host"));
            });
            values.put("host", host);
            values.put("project_id", config.requiredInteger("project_id", 1L, null));
        }
        for (String key : List.of("account", "team_id", "team_name")) {
            config.string(key, Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed());
        }
        return Optional.of(values);
    }

    /** The write-only secrets; Slack needs a bot token, PostHog a personal API key. */
    private static Optional<Map<String, Object>> secrets(Fields fields, IntegrationKind kind, String name) {
        ObjectNode object = fields.object(name, true).orElse(null);
        if (object == null) {
            if (!kind.requiredSecrets().isEmpty()) {
                throw fields.required(name + "__" + kind.requiredSecrets().get(0));
            }
            return Optional.empty();
        }
        Fields secrets = fields.nested(name, object);
        for (String required : kind.requiredSecrets()) {
            secrets.requiredString(required, Text.of(Fields.UNLIMITED));
        }
        secrets.string("access_token", Text.of(Fields.UNLIMITED).blankAllowed().nullAllowed());
        return Optional.of(asMap(object));
    }

    private static Map<String, Object> asMap(JsonNode object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) Json.plain(object);
        return map;
    }

    /**
     * An http(s) URL that names a host and nothing the service would not use: no user, no path beyond
     * {@code /}, no query or fragment (the service chooses those itself when it calls the host).
     */
    static Optional<URI> origin(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()));
            return http && uri.getHost() != null && bare ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
