package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.IriResourceLoader;
import dev.tasks.web.http.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Checks a run's output against its task's {@code json_schema} (runs.md §6.5): the draft the schema
 * names in {@code $schema}, 2020-12 by default. Schemas are never fetched from the network: a
 * {@code $ref} to a remote document fails like any other invalid schema.
 */
@ApplicationScoped
public class OutputSchemas {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaCacheEnabled(false).resourceLoaders(loaders -> loaders.values(
                    list -> list.removeIf(loader -> loader instanceof IriResourceLoader))));

    /** The first violation's message, or empty when the output conforms. */
    public Optional<String> firstViolation(Object schema, Object output) {
        try {
            Schema compiled = registry.getSchema(Json.text(schema));
            JsonNode instance = Json.MAPPER.valueToTree(output);
            List<Error> errors = compiled.validate(instance);
            return errors.isEmpty() ? Optional.empty() : Optional.of(errors.getFirst().getMessage());
        } catch (RuntimeException e) {
            return Optional.of("Invalid JSON schema: " + e.getMessage());
        }
    }
}
