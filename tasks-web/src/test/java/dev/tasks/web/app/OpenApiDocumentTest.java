package dev.tasks.web.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tasks.web.TasksApplication;
import dev.tasks.web.http.AnyKey;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.RequiresScope;
import dev.tasks.web.http.SignedAccess;
import dev.tasks.web.http.Unauthenticated;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIVersion;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code META-INF/openapi.yaml}, served at {@code /openapi}) is written by hand;
 * these tests keep it true. Every JAX-RS resource method of the service is in it, and nothing else,
 * with a unique operation id, a summary, a description, the scope its code requires as its security
 * requirement, every path parameter, and at least one 2xx and one 4xx answer; the document is valid
 * OpenAPI 3.1 (by Vert.x OpenAPI, which validates a contract against the OpenAPI 3.1 schema); and every
 * example in it matches the schema beside it.
 */
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final Pattern TEMPLATE = Pattern.compile("\\{([A-Za-z0-9_]+)[^}]*}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode document;
    private static Vertx vertx;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(OpenApiDocument.RESOURCE)) {
            document = new YAMLMapper().readTree(in);
        }
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    /** An operation as the code declares it. */
    private record CodeOperation(String method, String path, Method handler) {
        String key() {
            return method + " " + path;
        }
    }

    @Test
    void everyResourceMethodIsDocumentedWithItsScopeParametersAndAnswers() throws Exception {
        Map<String, CodeOperation> code = codeOperations();
        assertTrue(code.size() > 50, "the resource classes were found: " + code.size());
        Map<String, JsonNode> documented = documentedOperations();
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        for (CodeOperation operation : code.values()) {
            JsonNode doc = documented.get(operation.key());
            String where = operation.key() + " (" + operation.handler().getDeclaringClass().getSimpleName() + "."
                    + operation.handler().getName() + ")";
            if (doc == null) {
                problems.add(where + ": not in the document");
                continue;
            }
            String id = doc.path("operationId").asText("");
            if (id.isBlank() || !operationIds.add(id)) {
                problems.add(where + ": operationId missing or not unique: '" + id + "'");
            }
            for (String field : List.of("summary", "description")) {
                if (doc.path(field).asText("").isBlank()) {
                    problems.add(where + ": no " + field);
                }
            }
            if (doc.path("tags").size() == 0) {
                problems.add(where + ": no tag");
            }
            String expected = securityOf(operation.handler());
            String actual = security(doc);
            if (!expected.equals(actual)) {
                problems.add(where + ": security " + actual + ", but the code requires " + expected);
            }
            Set<String> statuses = new TreeSet<>();
            doc.path("responses").fieldNames().forEachRemaining(statuses::add);
            // An operation that needs no key and reads no input (the ping) has no 4xx answer to document.
            boolean canRefuse = !expected.equals("none") || doc.has("parameters") || doc.has("requestBody");
            if (statuses.stream().noneMatch(s -> s.startsWith("2"))
                    || (canRefuse && statuses.stream().noneMatch(s -> s.startsWith("4")))) {
                problems.add(where + ": needs a 2xx and a 4xx answer, has " + statuses);
            }
            boolean idempotent = operation.handler().isAnnotationPresent(Idempotent.class);
            if (idempotent != declaresHeader(doc, "Idempotency-Key")) {
                problems.add(where + ": Idempotency-Key " + (idempotent ? "honoured but not documented"
                        : "documented but not honoured"));
            }
            for (String parameter : pathParameters(operation.path())) {
                if (!declaresPathParameter(doc, parameter)) {
                    problems.add(where + ": path parameter " + parameter + " not declared");
                }
            }
        }
        for (String key : documented.keySet()) {
            if (!code.containsKey(key)) {
                problems.add(key + ": documented, but no resource method serves it");
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problems:\n" + String.join("\n", problems));
        }
    }

    /**
     * {@code Idempotency-Key} is honoured on every POST that creates something or acts once
     * (docs/runs.md#idempotency-key), and nowhere else: not on {@code prepare_upload/} (creates
     * nothing), keys (the value is never stored), reads by POST, or the model gateway.
     */
    @Test
    void idempotencyKeysAreHonouredOnTheCreatingPosts() throws Exception {
        Set<String> honoured = new TreeSet<>();
        Map<String, JsonNode> documented = documentedOperations();
        for (CodeOperation operation : codeOperations().values()) {
            if (operation.handler().isAnnotationPresent(Idempotent.class)) {
                honoured.add(documented.get(operation.key()).path("operationId").asText(operation.key()));
            }
        }
        assertEquals(new TreeSet<>(List.of("addProjectMember", "cancelTaskRun", "createIntegration", "createProject",
                "createSlackThreadMapping", "createTask", "createTaskRun", "createUser", "finalizeStagedArtifactUploads",
                "finalizeTaskRunArtifactUpload", "relayTaskRunMessage", "sendTaskRunCommand", "startTaskRun",
                "uploadTaskRunArtifacts")), honoured);
    }

    @Test
    void theDocumentIsValidOpenApi31() throws Exception {
        assertEquals("3.1.0", document.path("openapi").asText());
        JsonObject raw = new JsonObject(JSON.writeValueAsString(document));
        OpenAPIVersion version = OpenAPIVersion.fromContract(raw);
        assertEquals(OpenAPIVersion.V3_1, version);
        // The OpenAPI 3.1 schema (2022-10-07) and its schema dialect, as Vert.x OpenAPI validates a contract.
        SchemaRepository schemas = version.getRepository(vertx, "https://tasks.invalid/").toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        OutputUnit result = version.validateContract(vertx, schemas, raw).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertTrue(result.getValid(), "not valid OpenAPI 3.1: " + result.getErrors());
    }

    @Test
    void everyExampleMatchesItsSchema() throws Exception {
        JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://tasks.invalid/openapi").setOutputFormat(OutputFormat.Basic);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> operation : documentedOperations().entrySet()) {
            List<Map.Entry<String, JsonNode>> contents = new ArrayList<>();
            operation.getValue().path("requestBody").path("content").fields().forEachRemaining(contents::add);
            JsonNode responses = operation.getValue().path("responses");
            for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> response = it.next();
                JsonNode answer = resolve(response.getValue());
                answer.path("content").fields().forEachRemaining(content -> contents.add(
                        Map.entry(response.getKey() + " " + content.getKey(), content.getValue())));
            }
            for (Map.Entry<String, JsonNode> content : contents) {
                JsonNode schema = content.getValue().get("schema");
                if (schema == null) {
                    continue;
                }
                List<Map.Entry<String, JsonNode>> examples = new ArrayList<>();
                if (content.getValue().has("example")) {
                    examples.add(Map.entry("example", content.getValue().get("example")));
                }
                content.getValue().path("examples").fields().forEachRemaining(example -> {
                    JsonNode value = resolve(example.getValue()).get("value");
                    if (value != null) {
                        examples.add(Map.entry(example.getKey(), value));
                    }
                });
                for (Map.Entry<String, JsonNode> example : examples) {
                    if (example.getValue().isTextual() && !isJson(content.getKey())) {
                        continue; // a text body (JSONL, an event stream): its schema describes the lines
                    }
                    JsonSchema resolved = JsonSchema.of(new JsonObject(JSON.writeValueAsString(
                            schemaWithComponents(schema))));
                    OutputUnit result = Validator.create(resolved, options).validate(toVertx(example.getValue()));
                    checked++;
                    if (!result.getValid()) {
                        problems.add(operation.getKey() + " " + content.getKey() + " example '" + example.getKey()
                                + "': " + result.getErrors());
                    }
                }
            }
        }
        assertTrue(checked > 100, "examples were checked: " + checked);
        if (!problems.isEmpty()) {
            fail(problems.size() + " examples do not match their schema:\n" + String.join("\n", problems));
        }
    }

    // --- the code's operations

    private static Map<String, CodeOperation> codeOperations() throws IOException, URISyntaxException,
            ClassNotFoundException {
        java.nio.file.Path classes = java.nio.file.Path.of(TasksApplication.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        String root = TasksApplication.class.getAnnotation(jakarta.ws.rs.ApplicationPath.class).value();
        Map<String, CodeOperation> operations = new TreeMap<>();
        List<String> names;
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            names = files.map(file -> classes.relativize(file).toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        for (String name : names) {
            Class<?> type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
            Path typePath = type.getAnnotation(Path.class);
            if (typePath == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path methodPath = method.getAnnotation(Path.class);
                String path = normalise(root + "/" + typePath.value() + "/" + (methodPath == null ? "" : methodPath.value()));
                CodeOperation operation = new CodeOperation(http, path, method);
                if (operations.put(operation.key(), operation) != null) {
                    fail("two resource methods serve " + operation.key());
                }
            }
        }
        return operations;
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null && METHODS.contains(http.value().toLowerCase(Locale.ROOT))) {
                return http.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** {@code /api/projects/{project_id}/tasks/} and {@code api/projects/{project_id: [0-9]+}/tasks} alike. */
    private static String normalise(String path) {
        Matcher template = TEMPLATE.matcher(path);
        String plain = template.replaceAll("{$1}").replaceAll("/+", "/");
        plain = plain.startsWith("/") ? plain : "/" + plain;
        return plain.length() > 1 && plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
    }

    private static List<String> pathParameters(String path) {
        List<String> names = new ArrayList<>();
        Matcher template = TEMPLATE.matcher(path);
        while (template.find()) {
            names.add(template.group(1));
        }
        return names;
    }

    /** What the code requires, written as the document writes it. */
    private static String securityOf(Method handler) {
        Class<?> type = handler.getDeclaringClass();
        if (handler.isAnnotationPresent(Unauthenticated.class) || type.isAnnotationPresent(Unauthenticated.class)) {
            return "none";
        }
        RequiresScope scope = handler.getAnnotation(RequiresScope.class);
        if (scope == null && !handler.isAnnotationPresent(AnyKey.class)) {
            scope = type.getAnnotation(RequiresScope.class);
        }
        String key = scope == null ? "any key" : scope.value().wireName() + ":" + scope.access().wireName();
        // A signed link opens it without a key, too.
        return handler.isAnnotationPresent(SignedAccess.class) ? key + " | none" : key;
    }

    // --- the document's operations

    private static Map<String, JsonNode> documentedOperations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                // The path's own parameters apply to each of its operations.
                ObjectNode operation = op.getValue().deepCopy();
                ArrayNode parameters = operation.withArray("parameters");
                path.getValue().path("parameters").forEach(parameters::add);
                if (parameters.isEmpty()) {
                    operation.remove("parameters");
                }
                operations.put(op.getKey() + " " + normalise(path.getKey()), operation);
            }
        }));
        return operations;
    }

    /** Each alternative of the operation's requirement: "none", "any key" or its one scope, joined by " | ". */
    private static String security(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
        if (security.isEmpty()) {
            return "none";
        }
        List<String> alternatives = new ArrayList<>();
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                alternatives.add("none");
            } else if (requirement.size() == 1 && requirement.has("personalApiKey")) {
                JsonNode scopes = requirement.get("personalApiKey");
                alternatives.add(scopes.isEmpty() ? "any key" : scopes.size() == 1 ? scopes.get(0).asText()
                        : "several " + scopes);
            } else {
                alternatives.add("unexpected " + requirement);
            }
        }
        return String.join(" | ", alternatives);
    }

    private static boolean declaresPathParameter(JsonNode operation, String name) {
        return declares(operation, "path", name);
    }

    private static boolean declaresHeader(JsonNode operation, String name) {
        return declares(operation, "header", name);
    }

    private static boolean declares(JsonNode operation, String in, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode declared = resolve(parameter);
            if (declared.path("in").asText().equals(in) && declared.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Follows a local {@code $ref}. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 10 && current.has("$ref"); depth++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static boolean isJson(String contentKey) {
        return contentKey.endsWith("json") || contentKey.contains("json;") || contentKey.endsWith("+json");
    }

    /** The schema with the document's components beside it, so that its local references resolve. */
    private static JsonNode schemaWithComponents(JsonNode schema) {
        var copy = JSON.createObjectNode();
        copy.setAll((ObjectNode) schema.deepCopy());
        copy.set("components", document.get("components"));
        copy.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        return copy;
    }

    private static Object toVertx(JsonNode value) throws IOException {
        String json = JSON.writeValueAsString(value);
        return value.isObject() ? new JsonObject(json) : value.isArray() ? new io.vertx.core.json.JsonArray(json)
                : io.vertx.core.json.Json.decodeValue(json);
    }
}
