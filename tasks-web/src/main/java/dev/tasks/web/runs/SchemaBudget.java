package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.regex.RegularExpressions;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The time budget of a schema check ({@link OutputSchemas}): a deadline and a reference depth kept
 * per thread for the check running on it, consulted by regular expressions as they read their text,
 * by the keywords that apply schemas to parts of a value, and by references, which also count how
 * deep they nest. A check that overspends stops with its reason instead of pinning a CPU.
 */
final class SchemaBudget {

    static final int MAX_REF_DEPTH = 256;

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

    /** Runs {@code check} within the time budget: its problem (null for none), or why it was stopped. */
    static String run(long timeoutMillis, Supplier<String> check) {
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

    /** The validator's regular expressions, matched within the budget. */
    static RegularExpressionFactory patterns() {
        return new BudgetedPatterns();
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
    static Dialect guarded(Dialect dialect) {
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

    private SchemaBudget() {
    }
}
