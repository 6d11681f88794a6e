package dev.tasks.web.http;

import dev.tasks.domain.identity.ApiKeySecret;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.PersonalApiKeys;
import dev.tasks.domain.identity.SandboxBinding;
import dev.tasks.domain.shared.NotAllowed;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Step 1 of every request: the personal API key in {@code Authorization: Bearer}. No header or
 * another scheme is {@code not_authenticated}; an unknown key, a deleted key or a deactivated
 * user's key is {@code authentication_failed}. Both answer 403, never 401.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    /** The path parameter that names a route's task. */
    static final String TASK_PARAMETER = "task_id";

    @Context
    ResourceInfo resource;

    @Inject
    PersonalApiKeys keys;

    @Inject
    RequestContext context;

    @Inject
    KeyUsage usage;

    @Inject
    Clock clock;

    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod()) || EndpointRules.has(resource, Unauthenticated.class)) {
            return;
        }
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) == null && EndpointRules.has(resource, SignedAccess.class)
                && request.getUriInfo().getQueryParameters().containsKey("signature")) {
            context.signed();
            return;
        }
        String token = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .orElseThrow(ApiException::notAuthenticated);
        Instant now = Timestamps.now(clock);
        Caller caller = keys.authenticate(ApiKeySecret.digestOf(token)).filter(found -> found.key().isUsableAt(now))
                .orElseThrow(ApiException::authenticationFailed);
        if (caller.key().isSandboxKey()) {
            admitSandboxKey(caller.key().sandbox(), request);
        }
        if (caller.key().lastUseIsStale(now)) {
            usage.record(caller.key().id());
        }
        context.authenticated(caller);
    }

    /**
     * A sandbox key reaches the routes of its own task and the routes open to it (docs/cloud-runs.md#sandbox-keys); a
     * route of another task is not found, any other route is forbidden. The rule reads the matched
     * route's {@code task_id}, so it covers every route, including those added later.
     */
    private void admitSandboxKey(SandboxBinding binding, ContainerRequestContext request) {
        String routeTask = request.getUriInfo().getPathParameters().getFirst(TASK_PARAMETER);
        switch (binding.admits(routeTask, EndpointRules.has(resource, OpenToSandboxKeys.class))) {
            case ALLOWED -> { }
            case NOT_FOUND -> throw NotFound.addressed();
            case FORBIDDEN -> throw NotAllowed.noPermission();
        }
    }

    static Optional<String> bearerToken(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase("Bearer")) {
            return Optional.empty();
        }
        String token = trimmed.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
