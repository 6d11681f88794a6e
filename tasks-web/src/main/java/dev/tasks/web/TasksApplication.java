package dev.tasks.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API lives under {@code /api/}; resources and providers are discovered by annotation. */
@ApplicationScoped
@ApplicationPath("/api")
@OpenAPIDefinition(
        info = @Info(title = "Tasks service", version = "1",
                description = "Self-hostable, PostHog-compatible Tasks API for coding agents."),
        security = @SecurityRequirement(name = "personalApiKey"))
@SecurityScheme(securitySchemeName = "personalApiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A personal API key (phx_...)")
public class TasksApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                // OPTIONS answers with an Allow header, not an XML description of the API.
                "jersey.config.server.wadl.disableWadl", true,
                // One JSON configuration: Jackson through JacksonWriter, not the server's JSON-B.
                "jersey.config.disableJsonBinding", true);
    }
}
