package dev.tasks.web.http;

import dev.tasks.domain.identity.ApiKeySecret;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.PersonalApiKeys;
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
import java.util.Optional;

/**
 * Step 1 of every request: the personal API key in {@code Authorization: Bearer}. No header or
 * another scheme is {@code not_authenticated}; an unknown key, a deleted key or a deactivated
 * user's key is {@code authentication_failed}. Both answer 403, never 401.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

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
        Caller caller = keys.authenticate(ApiKeySecret.digestOf(token)).orElseThrow(ApiException::authenticationFailed);
        if (caller.key().lastUseIsStale(Timestamps.now(clock))) {
            usage.record(caller.key().id());
        }
        context.authenticated(caller);
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
