package dev.tasks.web.http;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.shared.NotAllowed;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * Step 2: the key's scope for the endpoint ({@code API key missing required scope '<scope>'}), and
 * the administrator rule of identity endpoints. An endpoint that declares no access rule is refused:
 * forgetting the annotation must not open an endpoint.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ScopeFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ScopeFilter.class.getName());

    @Context
    ResourceInfo resource;

    @Inject
    RequestContext context;

    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod()) || EndpointRules.has(resource, Unauthenticated.class)
                || context.isSigned()) {
            return;
        }
        RequiresScope rule = EndpointRules.find(resource, RequiresScope.class);
        if (rule != null) {
            Scope required = Scope.of(rule.value(), rule.access());
            if (!context.caller().has(required)) {
                throw ApiException.permissionDenied("API key missing required scope '" + required.wireName() + "'");
            }
        } else if (!EndpointRules.has(resource, AnyKey.class)) {
            LOG.severe(() -> "Endpoint without an access rule: " + resource.getResourceMethod());
            throw ApiException.serverError();
        }
        if (EndpointRules.has(resource, AdministratorsOnly.class) && !context.caller().isAdministrator()) {
            throw NotAllowed.noPermission();
        }
    }
}
