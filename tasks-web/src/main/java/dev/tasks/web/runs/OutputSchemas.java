package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import dev.tasks.web.http.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A task's {@code json_schema} (docs/runs.md#output-schemas): checked when it is stored, and run against each
 * {@code set_output/}. A schema is written by any project member and runs on the server, so what
 * it may cost is bounded:
 * <ul>
 * <li>only the drafts the validator bundles are known (a {@code $schema} naming another is invalid),
 * and nothing is ever loaded but their meta-schemas: {@code $ref}s to the network, to files or to
 * the class path ({@code classpath:}) fail like any other unresolvable reference;</li>
 * <li>every validation, and every check of a stored schema, has a time budget that regular
 * expressions ({@code pattern}, {@code patternProperties}, {@code propertyNames}), references
 * ({@code $ref}, {@code $dynamicRef}, {@code $recursiveRef}) and the keywords that apply schemas to
 * parts of a value ({@code anyOf}, {@code items}, {@code properties}, ...) consult as they go, so
 * catastrophic backtracking, an exponential fan-out of references or a huge schema times a huge
 * output ends with a 400, not a pinned CPU; references also nest at most {@link SchemaBudget#MAX_REF_DEPTH}
 * deep;</li>
 * <li>numbers whose exponent is beyond ±{@link #MAX_EXPONENT}, which {@code multipleOf} and
 * {@code enum} would expand digit by digit, are refused in schemas and not validated in outputs.</li>
 * </ul>
 */
@ApplicationScoped
public class OutputSchemas {

    static final int MAX_EXPONENT = 1000;

    /** The meta-schemas bundled with the validator: the only documents a schema may ever load. */
    private static final Set<String> BUNDLED = Set.of(
            "http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-07/schema",
            "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2019-09/meta/core", "https://json-schema.org/draft/2019-09/meta/applicator",
            "https://json-schema.org/draft/2019-09/meta/validation",
            "https://json-schema.org/draft/2019-09/meta/meta-data",
            "https://json-schema.org/draft/2019-09/meta/format", "https://json-schema.org/draft/2019-09/meta/content",
            "https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/meta/core", "https://json-schema.org/draft/2020-12/meta/applicator",
            "https://json-schema.org/draft/2020-12/meta/unevaluated",
            "https://json-schema.org/draft/2020-12/meta/validation",
            "https://json-schema.org/draft/2020-12/meta/meta-data",
            "https://json-schema.org/draft/2020-12/meta/format-annotation",
            "https://json-schema.org/draft/2020-12/meta/format-assertion",
            "https://json-schema.org/draft/2020-12/meta/content");

    @Inject
    @ConfigProperty(name = "tasks.output.schema.timeout.millis", defaultValue = "2000")
    long timeoutMillis;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaCacheEnabled(false)
                    .dialectRegistry(new BasicDialectRegistry(List.of(SchemaBudget.guarded(Dialects.getDraft4()),
                            SchemaBudget.guarded(Dialects.getDraft6()), SchemaBudget.guarded(Dialects.getDraft7()),
                            SchemaBudget.guarded(Dialects.getDraft201909()), SchemaBudget.guarded(Dialects.getDraft202012()))))
                    .schemaLoader(loader -> loader.allow(iri -> BUNDLED.contains(iri.toString())))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .regularExpressionFactory(SchemaBudget.patterns()).build()));

    private final Map<String, Schema> metaSchemas = new ConcurrentHashMap<>();

    /** Why a schema cannot be stored, or empty when it can. */
    public Optional<String> problemOf(Object schema) {
        if (schema == null) {
            return Optional.empty();
        }
        JsonNode node = Json.MAPPER.valueToTree(schema);
        if (!node.isObject() && !node.isBoolean()) {
            return Optional.of("a schema is an object or a boolean");
        }
        Optional<String> number = hugeNumber(node, "$");
        if (number.isPresent()) {
            return Optional.of("the number at " + number.get() + " has an exponent beyond ±" + MAX_EXPONENT);
        }
        return Optional.ofNullable(SchemaBudget.run(timeoutMillis, () -> {
            JsonNode declared = node.path("$schema");
            if (!declared.isMissingNode() && !declared.isTextual()) {
                return "$schema must be a string";
            }
            Dialect dialect = registry.getDialect(declared.isTextual() ? declared.textValue()
                    : Dialects.getDraft202012().getId());
            Schema meta = metaSchemas.computeIfAbsent(dialect.getId(), id -> registry.getSchema(SchemaLocation.of(id)));
            List<Error> errors = meta.validate(node, context -> context.executionConfig(
                    config -> config.formatAssertionsEnabled(true)));
            if (!errors.isEmpty()) {
                return errors.getFirst().getMessage();
            }
            // Compiles every pattern and resolves every reference, which building a schema defers.
            registry.getSchema(node).initializeValidators();
            return null;
        }));
    }

    /** The first violation's message, or empty when the output conforms (docs/runs.md#output-schemas). */
    public Optional<String> firstViolation(Object schema, Object output) {
        JsonNode instance = Json.MAPPER.valueToTree(output);
        Optional<String> number = hugeNumber(instance, "$");
        if (number.isPresent()) {
            return Optional.of(number.get() + ": a number with an exponent beyond ±" + MAX_EXPONENT
                    + " cannot be validated");
        }
        JsonNode schemaNode = Json.MAPPER.valueToTree(schema);
        if (hugeNumber(schemaNode, "$").isPresent()) {
            return Optional.of("Invalid JSON schema: it holds a number with an exponent beyond ±" + MAX_EXPONENT);
        }
        return Optional.ofNullable(SchemaBudget.run(timeoutMillis, () -> {
            Schema compiled;
            try {
                compiled = registry.getSchema(schemaNode);
                compiled.initializeValidators();
            } catch (RuntimeException e) {
                return "Invalid JSON schema: " + e.getMessage();
            }
            List<Error> errors = compiled.validate(instance);
            return errors.isEmpty() ? null : errors.getFirst().getMessage();
        }));
    }

    /** The path of the first number whose exponent is beyond ±{@link #MAX_EXPONENT}, if any. */
    static Optional<String> hugeNumber(JsonNode node, String path) {
        if (node.isBigDecimal() || node.isFloatingPointNumber()) {
            BigDecimal value = node.decimalValue();
            long exponent = (long) value.precision() - value.scale() - 1;
            return Math.abs(exponent) > MAX_EXPONENT && value.signum() != 0 ? Optional.of(path) : Optional.empty();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = hugeNumber(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Optional<String> found = hugeNumber(field.getValue(), path + "." + field.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
