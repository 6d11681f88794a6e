package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import dev.tasks.web.http.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A task's {@code json_schema} (runs.md §6.5): checked when it is stored, and run against each
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
 * output ends with a 400, not a pinned CPU; references also nest at most {@link #MAX_REF_DEPTH}
 * deep;</li>
 * <li>numbers whose exponent is beyond ±{@link #MAX_EXPONENT}, which {@code multipleOf} and
 * {@code enum} would expand digit by digit, are refused in schemas and not validated in outputs.</li>
 * </ul>
 */
@ApplicationScoped
public class OutputSchemas {

    static final int MAX_REF_DEPTH = 256;
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

    /** Keywords that apply schemas to parts of a value: each application checks the deadline. */
    private static final Set<String> APPLICATORS = Set.of("anyOf", "oneOf", "allOf", "not", "if", "items",
            "prefixItems", "additionalItems", "contains", "properties", "patternProperties", "additionalProperties",
            "propertyNames", "dependentSchemas", "dependencies", "unevaluatedItems", "unevaluatedProperties");
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    /**
     * The time budget of the validation running on this thread: {deadline in nanos, reference depth,
     * characters read by patterns}.
     */
    private static final ThreadLocal<long[]> BUDGET = new ThreadLocal<>();

    @Inject
    @ConfigProperty(name = "tasks.output.schema.timeout.millis", defaultValue = "2000")
    long timeoutMillis;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaCacheEnabled(false)
                    .dialectRegistry(new BasicDialectRegistry(List.of(guarded(Dialects.getDraft4()),
                            guarded(Dialects.getDraft6()), guarded(Dialects.getDraft7()),
                            guarded(Dialects.getDraft201909()), guarded(Dialects.getDraft202012()))))
                    .schemaLoader(loader -> loader.allow(iri -> BUNDLED.contains(iri.toString())))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .regularExpressionFactory(new BudgetedPatterns()).build()));

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
        return Optional.ofNullable(budgeted(() -> {
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

    /** The first violation's message, or empty when the output conforms (runs.md §6.5 rule 1). */
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
        return Optional.ofNullable(budgeted(() -> {
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

    /** Runs {@code check} within the time budget: its problem (null for none), or why it was stopped. */
    private String budgeted(Supplier<String> check) {
        BUDGET.set(new long[] {System.nanoTime() + Duration.ofMillis(timeoutMillis).toNanos(), 0, 0});
        try {
            return check.get();
        } catch (OverBudget e) {
            return e.getMessage();
        } catch (StackOverflowError e) {
            return "the schema nests too deeply";
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            BUDGET.remove();
        }
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

    /** Stops a validation whose budget is spent. */
    static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget(String message) {
            super(message, null, false, false);
        }
    }

    private static void checkDeadline() {
        long[] budget = BUDGET.get();
        if (budget != null && System.nanoTime() - budget[0] > 0) {
            throw new OverBudget("validation took longer than its time budget");
        }
    }

    /**
     * JDK regular expressions with ECMA-262's {@code $} and long-form properties (as the validator's
     * own JDK factory rewrites them), matched over text that checks the deadline as the engine reads it.
     */
    private static final class BudgetedPatterns implements RegularExpressionFactory {
        @Override
        public RegularExpression getRegularExpression(String regex) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(RegularExpressions.replaceLongformCharacterProperties(
                        RegularExpressions.replaceDollarAnchors(regex)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression " + regex + ": " + e.getDescription());
            }
            return value -> {
                long[] budget = BUDGET.get();
                return pattern.matcher(budget == null ? value : new Deadlined(value, budget)).find();
            };
        }
    }

    /** A string whose reads check the deadline every 1024 characters read by any pattern of the validation. */
    private static final class Deadlined implements CharSequence {
        private final String text;
        private final long[] budget;

        Deadlined(String text, long[] budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++budget[2] & 0x3FF) == 0) {
                checkDeadline();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadlined(text.substring(start, end), budget);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The dialect with its applicators and references checking the deadline, and references their depth. */
    private static Dialect guarded(Dialect dialect) {
        Dialect.Builder builder = Dialect.builder(dialect);
        dialect.getKeywords().forEach((name, keyword) -> {
            if (REFERENCES.contains(name) || APPLICATORS.contains(name)) {
                builder.keyword(new Guarded(keyword, REFERENCES.contains(name)));
            }
        });
        return builder.build();
    }

    private record Guarded(Keyword keyword, boolean reference) implements Keyword {
        @Override
        public String getValue() {
            return keyword.getValue();
        }

        @Override
        public KeywordValidator newValidator(SchemaLocation location, JsonNode node, Schema parent,
                                             SchemaContext context) throws Exception {
            KeywordValidator inner = keyword.newValidator(location, node, parent, context);
            return new KeywordValidator() {
                @Override
                public void validate(ExecutionContext execution, JsonNode instance, JsonNode root, NodePath at) {
                    long[] budget = BUDGET.get();
                    if (budget == null) {
                        inner.validate(execution, instance, root, at);
                        return;
                    }
                    checkDeadline();
                    if (!reference) {
                        inner.validate(execution, instance, root, at);
                        return;
                    }
                    if (++budget[1] > MAX_REF_DEPTH) {
                        budget[1]--;
                        throw new OverBudget("references nest deeper than " + MAX_REF_DEPTH);
                    }
                    try {
                        inner.validate(execution, instance, root, at);
                    } finally {
                        budget[1]--;
                    }
                }

                @Override
                public void walk(ExecutionContext execution, JsonNode instance, JsonNode root, NodePath at,
                                 boolean validate) {
                    inner.walk(execution, instance, root, at, validate);
                }

                @Override
                public void preloadSchema() {
                    inner.preloadSchema();
                }

                @Override
                public String getKeyword() {
                    return inner.getKeyword();
                }

                @Override
                public SchemaLocation getSchemaLocation() {
                    return inner.getSchemaLocation();
                }
            };
        }
    }
}
