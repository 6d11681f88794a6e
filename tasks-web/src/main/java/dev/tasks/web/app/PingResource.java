package dev.tasks.web.app;

import dev.tasks.web.http.Unauthenticated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/ping/}: the cheapest answer the API layer can give, without credentials, database
 * or object store. Load balancers may use it as a liveness probe of the JAX-RS stack; the
 * benchmarks use it as the baseline the task endpoints are compared with.
 */
@ApplicationScoped
@Path("ping")
@Unauthenticated
public class PingResource {

    private static final Map<String, String> PONG = Map.of("status", "ok");

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer without touching the database: a liveness probe and benchmark baseline")
    public Map<String, String> ping() {
        return PONG;
    }
}
