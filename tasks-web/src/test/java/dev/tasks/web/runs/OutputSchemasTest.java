package dev.tasks.web.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.web.http.Json;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Hostile schemas: checked when stored, bounded when run. Each case would otherwise load a file,
 * pin a CPU for minutes or exhaust the stack.
 */
class OutputSchemasTest {

    /** Far above the 300 ms budget given here, far below what the unbounded work takes. */
    private static final Duration BOUNDED = Duration.ofSeconds(10);

    private static OutputSchemas schemas() {
        var schemas = new OutputSchemas();
        schemas.timeoutMillis = 300;
        return schemas;
    }

    private static Object json(String text) {
        return Json.plain(Json.tree(text));
    }

    private static Optional<String> problem(String schema) {
        return assertTimeoutPreemptively(BOUNDED, () -> schemas().problemOf(json(schema)));
    }

    private static Optional<String> violation(String schema, String output) {
        return assertTimeoutPreemptively(BOUNDED, () -> schemas().firstViolation(json(schema), json(output)));
    }

    @Test
    void validSchemasOfEveryBundledDraftAreStored() {
        assertEquals(Optional.empty(), problem("{\"type\":\"object\",\"required\":[\"pr_url\"]}"));
        assertEquals(Optional.empty(), problem("true"));
        assertEquals(Optional.empty(), problem("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"definitions\":{\"a\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}},\"$ref\":\"#/definitions/a\"}"));
        assertEquals(Optional.empty(), problem("{\"$schema\":\"https://json-schema.org/draft/2019-09/schema\"}"));
        assertEquals(Optional.empty(), problem("{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}"));
    }

    @Test
    void invalidSchemasAreRefused() {
        assertTrue(problem("\"a string\"").isPresent());
        assertTrue(problem("{\"type\":\"nope\"}").isPresent());
        assertTrue(problem("{\"type\":\"string\",\"pattern\":\"(\"}").isPresent());
        assertTrue(problem("{\"patternProperties\":{\"[\":{}}}").isPresent());
        assertTrue(problem("{\"$ref\":\"#/$defs/missing\"}").isPresent());
        assertTrue(problem("{\"$schema\":\"http://json-schema.org/draft-03/schema#\"}").isPresent());
        assertTrue(problem("{\"$schema\":5}").isPresent());
    }

    @Test
    void referencesOutsideTheBundledMetaSchemasAreNeverLoaded() {
        for (String ref : new String[] {"classpath:META-INF/microprofile-config.properties",
                "classpath:draft/2020-12/meta/core", "file:///etc/passwd", "https://example.com/s.json",
                "https://json-schema.org/META-INF/native-image/com.networknt/json-schema-validator/resource-config.json",
                "other.json"}) {
            assertTrue(problem("{\"properties\":{\"a\":{\"$ref\":\"" + ref + "\"}}}").isPresent(), ref);
        }
        assertTrue(problem("{\"$schema\":\"classpath:draft/2020-12/schema\"}").isPresent());
    }

    @Test
    void catastrophicBacktrackingEndsWithinTheBudget() {
        String schema = "{\"type\":\"string\",\"pattern\":\"^(a|a){1,100}$\"}";
        assertEquals(Optional.empty(), problem(schema));
        Optional<String> answer = violation(schema, "\"" + "a".repeat(40) + "!\"");
        assertTrue(answer.orElse("").contains("time budget"), answer.toString());
        String properties = "{\"patternProperties\":{\"^(a|a){1,100}$\":{\"type\":\"integer\"}}}";
        assertTrue(violation(properties, "{\"" + "a".repeat(40) + "!\":1}").orElse("").contains("time budget"));
        assertEquals(Optional.empty(), violation(schema, "\"aaaa\""));
    }

    @Test
    void referenceLoopsAndFanOutsEndWithinTheBudget() {
        assertTrue(violation("{\"$ref\":\"#\"}", "1").isPresent());
        assertTrue(violation("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},"
                + "\"$ref\":\"#/$defs/a\"}", "1").isPresent());
        StringBuilder fanOut = new StringBuilder("{\"$defs\":{");
        for (int i = 0; i < 40; i++) {
            fanOut.append("\"d").append(i).append("\":{\"allOf\":[{\"$ref\":\"#/$defs/d").append(i + 1)
                    .append("\"},{\"$ref\":\"#/$defs/d").append(i + 1).append("\"}]},");
        }
        fanOut.append("\"d40\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/d0\"}");
        assertTrue(violation(fanOut.toString(), "1").orElse("").contains("time budget"));
        String tree = "{\"type\":\"object\",\"properties\":{\"c\":{\"$ref\":\"#\"}}}";
        assertEquals(Optional.empty(), violation(tree, "{\"c\":".repeat(100) + "{}" + "}".repeat(100)));
    }

    @Test
    void aHugeSchemaTimesAHugeOutputEndsWithinTheBudget() {
        StringBuilder branches = new StringBuilder("{\"type\":\"array\",\"items\":{\"anyOf\":[");
        for (int i = 0; i < 20_000; i++) {
            branches.append(i == 0 ? "" : ",").append("{\"const\":").append(i).append('}');
        }
        branches.append("]}}");
        String items = "[" + "-1,".repeat(200_000) + "-1]";
        Optional<String> answer = violation(branches.toString(), items);
        assertTrue(answer.orElse("").contains("time budget"), answer.toString());
    }

    @Test
    void applicatorsStillValidateAsTheDraftsSay() {
        String schema = "{\"allOf\":[{\"properties\":{\"a\":{\"type\":\"integer\"}}}],"
                + "\"unevaluatedProperties\":false,\"items\":{\"type\":\"string\"}}";
        assertEquals(Optional.empty(), violation(schema, "{\"a\":1}"));
        assertTrue(violation(schema, "{\"a\":1,\"b\":2}").isPresent());
        assertTrue(violation(schema, "{\"a\":\"x\"}").isPresent());
        String oneOf = "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"not\":{\"const\":3}}";
        assertEquals(Optional.empty(), violation(oneOf, "2"));
        assertTrue(violation(oneOf, "3").isPresent());
        assertTrue(violation(oneOf, "true").isPresent());
    }

    @Test
    void hugeExponentsAreNeitherStoredNorExpanded() {
        assertTrue(problem("{\"enum\":[1e300000000]}").isPresent());
        assertTrue(problem("{\"multipleOf\":1e-300000000}").isPresent());
        assertTrue(violation("{\"multipleOf\":0.01}", "1e300000000").isPresent());
        assertTrue(violation("{\"enum\":[\"a\"]}", "{\"x\":[1e-300000000]}").orElse("").startsWith("$.x[0]"));
        assertEquals(Optional.empty(), violation("{\"multipleOf\":0.5}", "1e3"));
    }
}
