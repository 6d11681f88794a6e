package dev.tasks.web.identity;

import dev.tasks.web.http.EndpointRules;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.Unauthenticated;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Step 3 for every route under {@code /api/projects/{project_id}/}: resolve {@code @current} or the
 * numeric id, apply the key's project limit (403), then require the project to exist and the
 * caller to be a member (404, so that a project's existence is never revealed).
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class ProjectFilter implements ContainerRequestFilter {

    public static final String PROJECT_PARAMETER = "project_id";

    @Context
    ResourceInfo resource;

    @Inject
    RequestContext context;

    @Inject
    ProjectResolver resolver;

    @Override
    public void filter(ContainerRequestContext request) {
        if ("OPTIONS".equals(request.getMethod()) || EndpointRules.has(resource, Unauthenticated.class)) {
            return;
        }
        String projectId = request.getUriInfo().getPathParameters().getFirst(PROJECT_PARAMETER);
        if (projectId == null) {
            return;
        }
        context.project(context.isSigned() ? resolver.resolveForSignedLink(projectId)
                : resolver.resolve(projectId, context.caller()));
    }
}
