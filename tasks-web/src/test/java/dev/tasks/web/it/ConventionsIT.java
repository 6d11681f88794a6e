package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The conventions every endpoint follows (docs/identity.md: routing, authentication, scopes, project
 * scoping, order of checks, pagination, error bodies) and the Idempotency-Key extension.
 */
class ConventionsIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final String MISSING_WRITE = "API key missing required scope 'task:write'";

    @Test
    void c01_c02_noCredentialsIsNotAuthenticated() {
        Member owner = fixtures().newMember();
        String task = fixtures().newTask(owner, Map.of("title", "t")).get("id").asText();
        anonymous().get(TASKS).expectError(403, "not_authenticated",
                "Authentication credentials were not provided.", null);
        anonymous().get(TASKS + task + "/").expectError(403, "not_authenticated", null, null);
        anonymous().withHeader("Authorization", "Basic dXNlcjpwYXNz").get(TASKS)
                .expectError(403, "not_authenticated", null, null);
        assertEquals("authentication_error", anonymous().get(TASKS).json().get("type").asText());
    }

    @Test
    void c03_unknownKeyFailsAuthentication() {
        anonymous().withKey("phx_unknown").get(TASKS).expectError(403, "authentication_failed",
                "Personal API key found in request Authorization header is invalid.", null);
    }

    @Test
    void c04_c05_readKeyReadsButCannotWrite() {
        Member member = fixtures().newMember("task:read");
        Member writer = fixtures().newMember(member.project(), "task:write");
        String task = fixtures().newTask(writer, Map.of("title", "shared", "origin_product", "onboarding"))
                .get("id").asText();
        member.api().get(TASKS).expect(200);
        member.api().get(TASKS + task + "/").expect(200);
        member.api().post(TASKS, Map.of("title", "x")).expectError(403, "permission_denied", MISSING_WRITE, null);
        member.api().patch(TASKS + task + "/", Map.of("title", "x")).expectError(403, "permission_denied", MISSING_WRITE, null);
        member.api().delete(TASKS + task + "/").expectError(403, "permission_denied", MISSING_WRITE, null);
        assertEquals("shared", writer.api().get(TASKS + task + "/").json().get("title").asText());
    }

    @Test
    void c06_c08_writeAndWildcardKeysAreNotRefused() {
        for (String scope : List.of("task:write", "*")) {
            Member member = fixtures().newMember(scope);
            String task = fixtures().newTask(member, Map.of("title", "mine")).get("id").asText();
            assertNotEquals(403, member.api().get(TASKS).status());
            assertNotEquals(403, member.api().get(TASKS + task + "/").status());
            assertNotEquals(403, member.api().post(TASKS, Map.of("title", "x")).status());
            assertNotEquals(403, member.api().patch(TASKS + task + "/", Map.of("title", "y")).status());
            assertNotEquals(403, member.api().delete(TASKS + task + "/").status());
        }
    }

    @Test
    void c07_otherScopesAreRefused() {
        Member member = fixtures().newMember("user:read");
        member.api().get(TASKS).expectError(403, "permission_denied", "API key missing required scope 'task:read'", null);
        member.api().post(TASKS, Map.of()).expectError(403, "permission_denied", MISSING_WRITE, null);
    }

    @Test
    void c10_projectLimitedKeyIsRefusedElsewhere() {
        Member member = fixtures().newMember();
        long other = fixtures().newProject("Second");
        admin().post("/api/projects/" + other + "/members/", Map.of("user_id", member.id())).expect(201);
        Api limited = fixtures().keyFor(member, Map.of("label", "limited", "scopes", List.of("*"),
                "scoped_teams", List.of(member.project())));
        limited.get("/api/projects/" + member.project() + "/tasks/").expect(200);
        limited.get("/api/projects/" + other + "/tasks/").expectError(403, "permission_denied",
                "API key does not have access to the requested project: ID " + other + ".", null);
    }

    @Test
    void c11_c12_otherProjectsAnswerNotFound() {
        Member stranger = fixtures().newMember();
        Member owner = fixtures().newMember();
        String task = fixtures().newTask(owner, Map.of("title", "private")).get("id").asText();
        stranger.api().get(TASKS + task + "/").expectError(404, "not_found", "Not found.", null);
        stranger.api().patch(TASKS + task + "/", Map.of("title", "hacked")).expectError(404, "not_found", null, null);
        stranger.api().delete(TASKS + task + "/").expectError(404, "not_found", null, null);
        for (JsonNode item : stranger.api().get(TASKS).json().get("results")) {
            assertNotEquals(task, item.get("id").asText());
        }
        stranger.api().get("/api/projects/" + owner.project() + "/tasks/").expectError(404, "not_found", null, null);
        stranger.api().get("/api/projects/999999/tasks/").expectError(404, "not_found", null, null);
        stranger.api().get("/api/projects/abc/tasks/").expectError(404, "not_found", null, null);
        stranger.api().get("/api/projects/0/tasks/").expectError(404, "not_found", null, null);
        assertEquals("private", owner.api().get(TASKS + task + "/").json().get("title").asText());
    }

    @Test
    void c13_trailingSlashIsOptional() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "slash")).get("id").asText();
        ApiResponse withSlash = member.api().get(TASKS + task + "/").expect(200);
        ApiResponse without = member.api().get(TASKS + task).expect(200);
        assertArrayEquals(withSlash.body(), without.body());
        member.api().post("/api/projects/@current/tasks", Map.of("title", "no slash")).expect(201);
        member.api().get("/api/projects/@current/tasks").expect(200);
        assertEquals(task, member.api().get(TASKS + task.toUpperCase()).expect(200).json().get("id").asText());
    }

    @Test
    void c15_c16_c17_pagination() {
        Member member = fixtures().newMember();
        for (int i = 0; i < 150; i++) {
            member.api().post(TASKS, Map.of("title", "Task " + i)).expect(201);
        }
        JsonNode first = member.api().get(TASKS).expect(200).json();
        assertEquals(150, first.get("count").asInt());
        assertEquals(50, first.get("results").size());
        assertTrue(first.get("next").asText().startsWith("http"));
        assertTrue(first.get("next").asText().endsWith("limit=50&offset=50"), first.get("next").asText());
        assertTrue(first.get("previous").isNull());
        assertEquals(100, member.api().get(TASKS + "?limit=500").json().get("results").size());
        assertEquals(50, member.api().get(TASKS + "?limit=abc").json().get("results").size());
        assertEquals(50, member.api().get(TASKS + "?limit=-3&offset=zz").json().get("results").size());

        JsonNode last = member.api().get(TASKS + "?limit=40&offset=120&search=Task").json();
        assertEquals(30, last.get("results").size());
        assertTrue(last.get("next").isNull());
        assertTrue(last.get("previous").asText().endsWith("?limit=40&offset=80&search=Task"), last.toString());
        JsonNode second = member.api().get(TASKS + "?limit=40&offset=20").json();
        assertTrue(second.get("previous").asText().endsWith("?limit=40"), second.toString());

        Set<String> seen = new HashSet<>();
        String next = TASKS + "?limit=100";
        while (next != null) {
            JsonNode page = member.api().get(next).json();
            page.get("results").forEach(task -> seen.add(task.get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText().replaceFirst("^https?://[^/]+", "");
        }
        assertEquals(150, seen.size());
    }

    @Test
    void c21_c25_unknownPathsAndIdsAreNotFound() {
        Member member = fixtures().newMember();
        member.api().get(TASKS + "not-a-uuid/").expectError(404, "not_found", "Not found.", null);
        member.api().get("/api/projects/@current/nothing-here/").expectError(404, "not_found", "Not found.", null);
        anonymous().get("/api/projects/@current/nothing-here/").expectError(404, "not_found", "Not found.", null);
        anonymous().get("/nothing/at/all").expectError(404, "not_found", "Not found.", null);
        assertEquals("invalid_request", anonymous().get("/nothing").json().get("type").asText());
    }

    @Test
    void c22_c23_malformedBodiesAreParseErrors() {
        Member member = fixtures().newMember();
        ApiResponse bad = member.api().post(TASKS, "{bad json").expectError(400, "parse_error", null, null);
        assertTrue(bad.json().get("detail").asText().startsWith("JSON parse error - "));
        assertTrue(bad.json().get("attr").isNull());
        assertFalse(bad.text().contains("com.fasterxml"), bad.text());
        member.api().post(TASKS, "[1,2]").expectError(400, "invalid",
                "Invalid data. Expected a dictionary, but got list.", null);
        assertTrue(member.api().post(TASKS, "[1,2]").json().get("attr").isNull());
        member.api().post(TASKS, "\"text\"").expectError(400, "invalid",
                "Invalid data. Expected a dictionary, but got str.", null);
        byte[] invalidUtf8 = "{\"title\":\"x\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        member.api().post(TASKS, invalidUtf8).expectError(400, "parse_error", null, null);
        member.api().post(TASKS, "[".repeat(100_000)).expectError(400, "parse_error", null, null);
        member.api().post(TASKS, "{\"a\":" + "[".repeat(1000) + "]".repeat(1000) + "}").expectError(400,
                "parse_error", null, null);
        assertEquals(0, member.api().get(TASKS).json().get("count").asInt());
    }

    @Test
    void c24_oversizedBodyIsRefusedBeforeParsing() {
        Member member = fixtures().newMember();
        byte[] body = new byte[64 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        member.api().post(TASKS, body).expectError(413, "request_too_large", "Request body exceeds 67108864 bytes.", null);
    }

    @Test
    void c26_scalarFieldsFollowPostHogParsing() {
        Member member = fixtures().newMember();
        assertTrue(member.api().post(TASKS, Map.of("internal", "yes")).expect(201).json().get("internal").asBoolean());
        member.api().post(TASKS, Map.of("internal", "maybe")).expectError(400, "invalid", "Must be a valid boolean.", "internal");
        member.api().post(TASKS, Map.of("title", Map.of("a", 1))).expectError(400, "invalid", "Not a valid string.", "title");
        assertEquals("42", member.api().post(TASKS, Map.of("title", 42)).expect(201).json().get("title").asText());
        member.api().post(TASKS, Map.of("title", true)).expectError(400, "invalid", "Not a valid string.", "title");
        member.api().post(TASKS, Map.of("title", "nul\u0000")).expectError(400, "null_characters_not_allowed",
                "Null characters are not allowed.", "title");
    }

    @Test
    void c27_getIgnoresJsonContentType() {
        Member member = fixtures().newMember();
        assertEquals(200, member.api().send("GET", TASKS, null, "application/json").status());
    }

    @Test
    void c28_operationalRoutesNeedNoCredentials() {
        anonymous().get("/health/ready").expect(200);
        anonymous().get("/health/live").expect(200);
        ApiResponse openapi = anonymous().get("/openapi").expect(200);
        assertTrue(openapi.text().contains("/api/projects/{project_id}/tasks"), "the document lists the task routes");
        anonymous().get("/metrics").expect(200);
        assertEquals("ok", anonymous().get("/api/ping/").expect(200).json().get("status").asText());
        assertEquals("ok", anonymous().get("/api/ping").expect(200).json().get("status").asText());
    }

    /**
     * The API reference at {@code /docs}, in a real browser: it lists every operation of the task-runs
     * API from the served document, and "Try it out" with a personal API key entered through
     * "Authorize" performs an authenticated request. A screenshot of the page is kept in
     * {@code target/docs-page.png}.
     */
    @Test
    void theReferencePageListsTheRunsApiAndTriesARequestWithAKey() {
        Member member = fixtures().newMember();
        fixtures().newTask(member, Map.of("title", "seen from the reference page"));
        JsonNode document = anonymous().withHeader("Accept", "application/json").get("/openapi").expect(200).json();
        Set<String> runOperations = new HashSet<>();
        document.get("paths").fields().forEachRemaining(path -> {
            if (path.getKey().contains("/tasks/{task_id}/run")) {
                path.getValue().forEach(operation -> {
                    if (operation.has("operationId")) {
                        runOperations.add(operation.get("operationId").asText());
                    }
                });
            }
        });
        assertTrue(runOperations.size() >= 20, "the runs API: " + runOperations);

        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            page.get(anonymous().root().resolve("/docs").toString());
            browser.await(Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector(".opblock")).size() > 50);
            Set<String> listed = new HashSet<>();
            for (WebElement id : page.findElements(By.cssSelector(".opblock-summary-operation-id"))) {
                listed.add(id.getText().strip());
            }
            Set<String> missing = new HashSet<>(runOperations);
            missing.removeAll(listed);
            assertTrue(missing.isEmpty(), "the page lists every run operation; missing: " + missing);

            // Authorize with the member's key.
            page.findElement(By.cssSelector("button.authorize")).click();
            WebElement keyField = browser.await(Duration.ofSeconds(10)).until(d -> d.findElement(
                    By.cssSelector(".auth-container input[type=text], .auth-container input[type=password]")));
            keyField.sendKeys(member.api().key());
            page.findElement(By.cssSelector(".auth-btn-wrapper button.authorize")).click();
            page.findElement(By.cssSelector(".auth-btn-wrapper button.btn-done, button.close-modal")).click();

            // Try listing the member's tasks.
            WebElement operation = page.findElement(By.xpath("//span[contains(@class,'opblock-summary-operation-id')"
                    + " and normalize-space(text())='listTasks']/ancestor::div[contains(@class,'opblock ')][1]"));
            operation.findElement(By.cssSelector(".opblock-summary-control")).click();
            browser.await(Duration.ofSeconds(10)).until(d -> operation.findElement(By.cssSelector(".try-out__btn")))
                    .click();
            WebElement project = operation.findElement(By.cssSelector("tr[data-param-name='project_id'] input"));
            project.clear();
            project.sendKeys(String.valueOf(member.project()));
            operation.findElement(By.cssSelector("button.execute")).click();
            WebElement status = browser.await(Duration.ofSeconds(30)).until(d -> operation.findElement(
                    By.cssSelector(".live-responses-table .response .response-col_status")));
            WebElement answer = operation.findElement(
                    By.cssSelector(".live-responses-table .response .response-col_description"));
            String body = answer.getAttribute("textContent");
            ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView({block: 'center'})", answer);
            browser.screenshot(Path.of("target", "docs-page.png"));
            assertEquals("200", status.getText().strip().split("\\s+")[0], "the request from the page: " + body);
            assertTrue(body.contains("seen from the reference page"), "the member's task came back: " + body);
        }
    }

    @Test
    void methodsMediaTypesAndEmptyBodies() {
        Member member = fixtures().newMember();
        ApiResponse notAllowed = member.api().delete(TASKS).expectError(405, "method_not_allowed",
                "Method \"DELETE\" not allowed.", null);
        assertTrue(notAllowed.header("Allow").contains("GET"), notAllowed.headers().toString());
        ApiResponse options = member.api().send("OPTIONS", TASKS, null, null).expect(200);
        assertTrue(options.header("Allow").contains("POST"));
        ApiResponse head = member.api().send("HEAD", TASKS, null, null).expect(200);
        assertEquals(0, head.body().length);
        member.api().send("POST", TASKS, "hello", "text/plain").expectError(415, "unsupported_media_type",
                "Unsupported media type \"text/plain\" in request.", null);
        member.api().send("POST", TASKS, "", "text/plain").expect(201);
        member.api().send("POST", TASKS, null, null).expect(201);
        member.api().send("POST", "/api/personal_api_keys/", "", "application/json")
                .expectError(400, "required", "This field is required.", "label");
    }

    @Test
    void b04_idempotentRetryReplaysTheFirstResponse() {
        Member member = fixtures().newMember();
        Api keyed = member.api().withHeader("Idempotency-Key", "k1");
        ApiResponse first = keyed.post(TASKS, Map.of("title", "once")).expect(201);
        ApiResponse second = keyed.post("/api/projects/" + member.project() + "/tasks", Map.of("title", "once")).expect(201);
        assertArrayEquals(first.body(), second.body());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(1, member.api().get(TASKS).json().get("count").asInt());
    }

    @Test
    void b05_reusedKeyWithAnotherBodyIsRefused() {
        Member member = fixtures().newMember();
        Api keyed = member.api().withHeader("Idempotency-Key", "k1");
        keyed.post(TASKS, Map.of("title", "one")).expect(201);
        keyed.post(TASKS, Map.of("title", "two")).expectError(422, "idempotency_key_reused",
                "Idempotency-Key was already used with a different request.", null);
        assertEquals("validation_error", keyed.post(TASKS, Map.of("title", "two")).json().get("type").asText());
        assertEquals(1, member.api().get(TASKS).json().get("count").asInt());
        Member other = fixtures().newMember();
        other.api().withHeader("Idempotency-Key", "k1").post(TASKS, Map.of("title", "two")).expect(201);
    }

    @Test
    void b06_keyOfARunningRequestIsInUse() throws Exception {
        Member member = fixtures().newMember();
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement insert = db.prepareStatement("insert into idempotency_record"
                     + " (user_id, idempotency_key, fingerprint, state, created_at) values (?, 'k2', 'x', 'in_progress', ?)")) {
            insert.setLong(1, member.id());
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        ApiResponse inUse = member.api().withHeader("Idempotency-Key", "k2").post(TASKS, Map.of("title", "t"))
                .expectError(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still being processed.", null);
        assertEquals("invalid_request", inUse.json().get("type").asText());
        assertEquals(0, member.api().get(TASKS).json().get("count").asInt());
    }

    @Test
    void b07_failedRequestFreesItsKey() throws Exception {
        Member member = fixtures().newMember();
        Api keyed = member.api().withHeader("Idempotency-Key", "k3");
        try (Connection db = TestEnvironment.get().database().connect(); Statement sql = db.createStatement()) {
            sql.execute("alter table task rename to task_unavailable");
            try {
                keyed.post(TASKS, Map.of("title", "retry me")).expectError(500, "error", "A server error occurred.", null);
            } finally {
                sql.execute("alter table task_unavailable rename to task");
            }
        }
        ApiResponse retried = keyed.post(TASKS, Map.of("title", "retry me")).expect(201);
        assertNull(retried.header("Idempotent-Replayed"));
        assertEquals(1, member.api().get(TASKS).json().get("count").asInt());
    }

    @Test
    void b09_malformedKeysAreRefused() {
        Member member = fixtures().newMember();
        member.api().withHeader("Idempotency-Key", "k".repeat(300)).post(TASKS, Map.of("title", "t"))
                .expectError(400, "invalid_input", "Idempotency-Key must be 1-255 printable ASCII characters.", null);
        assertEquals(0, member.api().get(TASKS).json().get("count").asInt());
    }
}
