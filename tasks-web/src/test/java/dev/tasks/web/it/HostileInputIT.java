package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Requests an attacker holding an ordinary key (or a limited administrator key) would send: numbers
 * that expand without bound, JSON Schemas that backtrack or load files, privilege escalations, and
 * hosts inside the service's network. Each is answered at once with PostHog's error body, nothing
 * changes, and the server answers normally afterwards.
 */
class HostileInputIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";
    /** A refusal of a hostile number must not cost more than an ordinary request. */
    private static final long AT_ONCE_MILLIS = 1_000;

    private final PeerStub peers = TestEnvironment.get().peers();

    /** Sends the request, checks it took at most {@code millis}, and reports the time. */
    private static ApiResponse timed(String figure, long millis, Supplier<ApiResponse> request) {
        long started = System.nanoTime();
        ApiResponse response = request.get();
        long took = (System.nanoTime() - started) / 1_000_000;
        System.out.println("FIGURE " + figure + " " + took + " ms");
        assertTrue(took <= millis, figure + " took " + took + " ms");
        return response;
    }

    private String newRun(Member member, String task) {
        return TASKS + task + "/runs/" + member.api().post(TASKS + task + "/runs/", Map.of()).expect(201)
                .json().get("id").asText() + "/";
    }

    private void stillAnswers(Api api) {
        api.get("/api/ping/").expect(200);
        api.get(TASKS).expect(200);
    }

    // --- 1. numbers

    @Test
    void numbersWithHugeExponentsAreRefusedWithTheFieldsUsualAnswer() {
        Member member = fixtures().newMember();
        Api api = member.api();
        String task = fixtures().newTask(member, Map.of("title", "numbers")).get("id").asText();
        String run = newRun(member, task);
        String huge = "1e300000000";
        timed("number-title", AT_ONCE_MILLIS, () -> api.post(TASKS, "{\"title\":" + huge + "}"))
                .expectError(400, "max_length", "Ensure this field has no more than 255 characters.", "title");
        timed("number-description", AT_ONCE_MILLIS, () -> api.post(TASKS, "{\"title\":\"t\",\"description\":-" + huge + "}"))
                .expectError(400, "invalid", "Not a valid string.", "description");
        timed("number-related-id", AT_ONCE_MILLIS, () -> api.post(TASKS, "{\"title\":\"t\",\"github_integration\":" + huge + "}"))
                .expectError(400, "invalid", "A valid integer is required.", "github_integration");
        timed("number-integer", AT_ONCE_MILLIS, () -> api.patch("/api/users/@me/", "{\"set_current_team\":" + huge + "}"))
                .expectError(400, "invalid", "A valid integer is required.", "set_current_team");
        timed("number-size", AT_ONCE_MILLIS, () -> api.post(run + "artifacts/prepare_upload/",
                "{\"artifacts\":[{\"name\":\"a.txt\",\"type\":\"artifact\",\"size\":" + huge + "}]}"))
                .expectError(400, "max_value", null, "artifacts__0__size");
        timed("number-choice", AT_ONCE_MILLIS, () -> api.patch(run, "{\"status\":" + huge + "}"))
                .expectError(400, "invalid_choice", "\"1E+300000000\" is not a valid choice.", "status");
        timed("number-limit-query", AT_ONCE_MILLIS, () -> api.get(run + "session_logs/?limit=" + huge))
                .expectError(400, "invalid", "A valid integer is required.", "limit");
        timed("number-offset-query", AT_ONCE_MILLIS, () -> api.get(run + "session_logs/?offset=" + huge))
                .expectError(400, "invalid", "A valid integer is required.", "offset");
        timed("number-page-query", AT_ONCE_MILLIS, () -> api.get(TASKS + "?limit=" + huge + "&offset=" + huge)).expect(200);
        timed("number-members", AT_ONCE_MILLIS, () -> admin().post("/api/projects/" + member.project() + "/members/",
                "{\"user_id\":" + huge + "}")).expectError(400, "invalid", "A valid integer is required.", "user_id");
        // In free JSON a huge number is kept as written, never expanded, and read back as it was.
        timed("number-state", AT_ONCE_MILLIS, () -> api.patch(run, "{\"state\":{\"n\":" + huge + "}}")).expect(200);
        String read = timed("number-state-read", AT_ONCE_MILLIS, () -> api.get(run)).expect(200).text();
        assertTrue(read.contains("\"n\":1E+300000000"), read);
        stillAnswers(api);
    }

    // --- 2. JSON Schemas

    @Test
    void jsonSchemasAreCheckedWhenStoredAndBoundedWhenRun() {
        Member member = fixtures().newMember();
        Api api = member.api();
        for (String schema : List.of("\"a string\"", "{\"type\":\"nope\"}", "{\"pattern\":\"(\"}",
                "{\"$ref\":\"classpath:META-INF/microprofile-config.properties\"}", "{\"$ref\":\"file:///etc/passwd\"}",
                "{\"$ref\":\"http://127.0.0.1:1/schema.json\"}", "{\"enum\":[1e300000000]}")) {
            ApiResponse refused = timed("schema-store", 5_000, () -> api.post(TASKS,
                    "{\"title\":\"schema\",\"json_schema\":" + schema + "}"));
            refused.expectError(400, "invalid_input", null, "json_schema");
            assertTrue(refused.json().get("detail").asText().startsWith("Invalid JSON schema: "), refused.text());
        }
        String task = fixtures().newTask(member, Map.of("title", "ok")).get("id").asText();
        api.patch(TASKS + task + "/", "{\"json_schema\":{\"$ref\":\"classpath:x.json\"}}")
                .expectError(400, "invalid_input", null, "json_schema");
        assertTrue(api.get(TASKS + task + "/").expect(200).json().get("json_schema").isNull(), "nothing stored");

        String evil = "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a|a){1,100}$\"}}}";
        String guarded = api.post(TASKS, "{\"title\":\"redos\",\"json_schema\":" + evil + "}").expect(201)
                .json().get("id").asText();
        String run = newRun(member, guarded);
        ApiResponse slow = timed("schema-redos", 10_000, () -> api.patch(run + "set_output/",
                Map.of("output", Map.of("s", "a".repeat(60) + "!"))));
        slow.expect(400);
        assertTrue(slow.json().get("error").asText().startsWith("Output validation error: "), slow.text());
        api.patch(run + "set_output/", Map.of("output", Map.of("s", "aaaa"))).expect(200);
        timed("schema-huge-output", 5_000, () -> api.patch(run + "set_output/", "{\"output\":{\"s\":1e300000000}}"))
                .expect(400);
        stillAnswers(api);
    }

    // --- 5. privilege limits

    @Test
    void aKeyLimitedToProjectsCannotReachBeyondThem() {
        long mine = fixtures().newProject("limited");
        long other = fixtures().newProject("elsewhere");
        Api limited = fixtures().keyFor(new Member(1, "", "", 1, admin()),
                Map.of("label", "limited", "scopes", List.of("*"), "scoped_teams", List.of(mine)));
        String email = "escalation-" + UUID.randomUUID() + "@example.com";
        limited.post("/api/users/", Map.of("email", email, "is_staff", true))
                .expectError(403, "permission_denied", "You do not have permission to perform this action.", null);
        limited.post("/api/users/", Map.of("email", email, "projects", List.of(mine, other))).expectError(403,
                "permission_denied", "API key does not have access to the requested project: ID " + other + ".", null);
        long user = limited.post("/api/users/", Map.of("email", email, "projects", List.of(mine))).expect(201)
                .json().get("id").asLong();
        limited.patch("/api/users/" + user + "/", Map.of("is_staff", true))
                .expectError(403, "permission_denied", null, null);
        assertFalse(limited.patch("/api/users/" + user + "/", Map.of("is_staff", false, "first_name", "Same"))
                .expect(200).json().get("is_staff").asBoolean(), "an unchanged status is no escalation");
        // An unrestricted administrator key may do both.
        assertTrue(admin().patch("/api/users/" + user + "/", Map.of("is_staff", true)).expect(200)
                .json().get("is_staff").asBoolean());
        admin().patch("/api/users/" + user + "/", Map.of("is_staff", false)).expect(200);
    }

    @Test
    void protectedStateKeysNeverComeFromClients() {
        Member member = fixtures().newMember();
        Api api = member.api();
        String task = fixtures().newTask(member, Map.of("title", "protected")).get("id").asText();
        Map<String, Object> forged = new HashMap<>(Map.of("sandbox_url", "http://169.254.169.254/",
                "sandbox_connect_token", "forged", "sandbox_id", "sbx", "snapshot_external_id", "snap",
                "provider", "x", "note", "kept"));
        JsonNode created = api.post(TASKS + task + "/runs/", Map.of("state", forged)).expect(201).json();
        JsonNode state = created.get("state");
        for (String key : List.of("sandbox_url", "sandbox_connect_token", "sandbox_id", "snapshot_external_id",
                "provider")) {
            assertFalse(state.has(key), key + " in " + state);
        }
        assertEquals("kept", state.get("note").asText());
        String run = TASKS + task + "/runs/" + created.get("id").asText() + "/";
        JsonNode patched = api.patch(run, Map.of("state", Map.of("sandbox_url", "http://10.0.0.1/",
                "sandbox_connect_token", "t", "other", 1), "state_remove_keys", List.of("mode"))).expect(200).json();
        assertFalse(patched.get("state").has("sandbox_url"));
        assertFalse(patched.get("state").has("sandbox_connect_token"));
        assertEquals(1, patched.get("state").get("other").asInt());
    }

    @Test
    void idempotencyRecordsNeverKeepAKeysValue() {
        String key = "hostile-" + UUID.randomUUID();
        Api api = admin().withHeader("Idempotency-Key", key);
        Map<String, Object> body = Map.of("email", "replay-" + UUID.randomUUID() + "@example.com",
                "initial_key", Map.of("label", "first", "scopes", List.of("task:read")));
        JsonNode first = api.post("/api/users/", body).expect(201).json();
        String value = first.at("/initial_key/value").asText();
        assertTrue(value.startsWith("phx_"));
        ApiResponse replay = api.post("/api/users/", body).expect(201);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertTrue(replay.json().at("/initial_key").has("value"));
        assertTrue(replay.json().at("/initial_key/value").isNull(), replay.text());
        assertEquals(first.get("id"), replay.json().get("id"));
        assertEquals(first.at("/initial_key/mask_value"), replay.json().at("/initial_key/mask_value"));
        byte[] stored = (byte[]) TestEnvironment.get().database()
                .scalar("select body from idempotency_record where idempotency_key = ?", key);
        assertFalse(new String(stored, StandardCharsets.UTF_8).contains(value), "the value is not stored");
        admin().withKey(value).get("/api/users/@me/").expect(200);
    }

    @Test
    void signedLogLinksDieWithTheirTask() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "signed")).get("id").asText();
        String run = newRun(member, task);
        String logUrl = member.api().get(run).expect(200).json().get("log_url").asText();
        URI signed = URI.create(logUrl);
        Api anonymous = anonymous();
        String path = signed.getRawPath() + "?" + signed.getRawQuery();
        anonymous.get(path).expect(200);
        member.api().delete(TASKS + task + "/").expect(204);
        anonymous.get(path).expectError(404, "not_found", null, null);
    }

    // --- 6. outbound requests

    private ApiResponse posthogIntegration(long project, String host) {
        return admin().post("/api/projects/" + project + "/integrations/", Map.of("kind", "posthog",
                "config", Map.of("host", host, "project_id", 7), "sensitive_config", Map.of("personal_api_key", "k")));
    }

    @Test
    void membersCannotPointTheServiceInsideItsNetwork() {
        long project = fixtures().newProject("outbound");
        int port = URI.create(peers.url()).getPort();
        for (String host : List.of("http://169.254.169.254", "http://10.0.0.1", "http://192.168.1.1:8080",
                "http://127.0.0.2:" + port, "http://[::1]:" + port, "http://0.0.0.0", "http://224.0.0.1",
                "http://localhost:" + port, "http://[::ffff:169.254.169.254]")) {
            ApiResponse refused = posthogIntegration(project, host);
            refused.expectError(400, "invalid_input", null, "config__host");
            assertTrue(refused.json().get("detail").asText().startsWith("This host is not allowed: "), refused.text());
        }
        for (String host : List.of("http://127.0.0.1:" + port + "/api/other?x=1", "http://user@127.0.0.1:" + port,
                "http://127.0.0.1:" + port + "#f", "file:///etc/passwd", "gopher://127.0.0.1")) {
            posthogIntegration(project, host).expectError(400, "invalid", "Enter a valid URL.", "config__host");
        }
        assertEquals(0, admin().get("/api/projects/" + project + "/integrations/").expect(200).json().size());
        posthogIntegration(project, "http://127.0.0.1:" + port).expect(201);
    }

    @Test
    void aStoredHostIsCheckedAgainWhenCalled() {
        Member member = fixtures().newMember();
        admin().post("/api/projects/" + member.project() + "/integrations/", Map.of("kind", "github",
                "sensitive_config", Map.of("access_token", "t"))).expect(201);
        int port = URI.create(peers.url()).getPort();
        long projectId = 700_000 + member.project();
        long integration = admin().post("/api/projects/" + member.project() + "/integrations/", Map.of("kind", "posthog",
                "config", Map.of("host", peers.url(), "project_id", projectId),
                "sensitive_config", Map.of("personal_api_key", "k"))).expect(201).json().get("id").asLong();
        // Rewritten behind the API's back to a name that resolves to loopback, which the policy refuses.
        TestEnvironment.get().database().update("update integration set config = ? where id = ?",
                "{\"host\":\"http://localhost:" + port + "\",\"project_id\":" + projectId + "}", integration);
        String repository = "org-" + UUID.randomUUID().toString().substring(0, 8) + "/app";
        peers.repository(repository, new PeerStub.Repository("main", List.of("package.json"), Map.of(), false));
        member.api().get(TASKS + "repository_readiness/?repository=" + repository).expect(200);
        assertEquals(List.of(), peers.requests("/api/projects/" + projectId + "/query/"),
                "no query reached the host");
    }

    @Test
    void repositoryNamesAreTwoNamesNeverPathSteps() {
        Member member = fixtures().newMember();
        for (String bad : List.of("../x", "org/..", "./x", "org/.")) {
            member.api().get(TASKS + "repository_readiness/?repository=" + bad).expectError(400, "invalid_input",
                    "Repository must be in the format organization/repository", "repository");
            member.api().post(TASKS, Map.of("title", "t", "repository", bad))
                    .expectError(400, "invalid_input", null, "repository");
        }
    }

    @Test
    void oneReadinessScanPerProjectAtATime() throws Exception {
        Member member = fixtures().newMember();
        admin().post("/api/projects/" + member.project() + "/integrations/", Map.of("kind", "github",
                "sensitive_config", Map.of("access_token", "t"))).expect(201);
        String repository = "org-" + UUID.randomUUID().toString().substring(0, 8) + "/slow";
        peers.repository(repository, new PeerStub.Repository("main", List.of("package.json"), Map.of(), false));
        peers.githubDelay(Duration.ofMillis(700));
        try {
            List<CompletableFuture<ApiResponse>> refreshes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refreshes.add(CompletableFuture.supplyAsync(() -> member.api()
                        .get(TASKS + "repository_readiness/?repository=" + repository + "&refresh=true")));
            }
            for (CompletableFuture<ApiResponse> refresh : refreshes) {
                assertEquals(repository, refresh.get().expect(200).json().get("repository").asText());
            }
        } finally {
            peers.githubDelay(Duration.ZERO);
        }
        assertEquals(1, peers.requests(PeerStub.GITHUB_BASE + "/repos/" + repository + "/git/trees/").size(),
                "one scan; the other requests answered from it");
    }

    // --- 7. downloads and uploads

    @Test
    void downloadsAreNeverRenderedAndUploadsKeepTheirDeclaredType() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "downloads")).get("id").asText();
        String run = newRun(member, task);
        String html = "<script>alert(document.cookie)</script>";
        JsonNode uploaded = member.api().post(run + "artifacts/", Map.of("artifacts", List.of(Map.of(
                "name", "page.html", "type", "artifact", "content", html, "content_type", "text/html"))))
                .expect(200).json().get("artifacts").get(0);
        String path = uploaded.get("storage_path").asText();
        ApiResponse download = member.api().post(run + "artifacts/download/", Map.of("storage_path", path)).expect(200);
        assertEquals("nosniff", download.header("X-Content-Type-Options"));
        assertEquals("sandbox", download.header("Content-Security-Policy"));
        assertTrue(download.header("Content-Disposition").startsWith("attachment;"));
        String url = member.api().post(run + "artifacts/presign/", Map.of("storage_path", path)).expect(200)
                .json().get("url").asText();
        assertTrue(url.contains("response-content-disposition=attachment"), url);

        JsonNode prepared = member.api().post(run + "artifacts/prepare_upload/", Map.of("artifacts", List.of(Map.of(
                "name", "notes.txt", "type", "artifact", "size", 5, "content_type", "text/plain"))))
                .expect(200).json().get("artifacts").get(0).get("presigned_post");
        assertEquals("text/plain", prepared.get("fields").get("Content-Type").asText());
        var forged = ApiResponse.JSON.createObjectNode();
        forged.put("url", prepared.get("url").asText());
        var fields = prepared.get("fields").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) fields).put("Content-Type", "text/html");
        forged.set("fields", fields);
        assertEquals(403, ArtifactsIT.postForm(forged, "<b>x</b>".getBytes(StandardCharsets.UTF_8)),
                "the store refuses another type than the one declared");
        assertEquals(2, ArtifactsIT.postForm(prepared, "hello".getBytes(StandardCharsets.UTF_8)) / 100);
    }
}
