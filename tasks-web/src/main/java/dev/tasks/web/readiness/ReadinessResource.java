package dev.tasks.web.readiness;

import dev.tasks.domain.identity.Scope;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Map;

/** {@code GET /api/projects/{project_id}/tasks/repository_readiness/} (docs/readiness.md). */
@RequestScoped
@Path("projects/{project_id}/tasks/repository_readiness")
public class ReadinessResource {

    @Inject
    RequestContext context;

    @Inject
    ReadinessService readiness;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Map<String, Object> get(@QueryParam("repository") String repository,
                                   @QueryParam("window_days") String windowDays,
                                   @QueryParam("refresh") String refresh) {
        return readiness.readiness(context.project(), ReadinessQuery.parse(repository, windowDays, refresh));
    }
}
