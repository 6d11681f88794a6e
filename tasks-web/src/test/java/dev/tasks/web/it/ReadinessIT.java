package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import dev.tasks.web.it.PeerStub.Repository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code tasks/repository_readiness/} (docs/readiness.md). */
class ReadinessIT extends DeployedWarTest {

    private static final String READINESS = "/api/projects/@current/tasks/repository_readiness/";
    private static final String INSTRUMENTED = "import posthog from 'posthog-js'\nposthog.init('phc_x')\n"
            + "posthog.capture('signup')\nposthog.capture(\"checkout\")\ntry { x() } catch (e) { posthog.captureException(e) }";

    private final PeerStub peers = TestEnvironment.get().peers();

    /** A member whose project has a GitHub integration holding a token (unless {@code token} is null). */
    private Member memberWithGithub(String token) {
        Member member = fixtures().newMember();
        Map<String, Object> body = new HashMap<>(Map.of("kind", "github"));
        if (token != null) {
            body.put("sensitive_config", Map.of("access_token", token));
        }
        admin().post("/api/projects/" + member.project() + "/integrations/", body).expect(201);
        return member;
    }

    private static String uniqueRepository(String name) {
        return "org-" + UUID.randomUUID().toString().substring(0, 8) + "/" + name;
    }

    private void flags(Member member, boolean on) {
        admin().patch("/api/projects/" + member.project() + "/", Map.of("proactive_tasks_enabled", on,
                "session_recording_opt_in", on, "autocapture_exceptions_opt_in", on)).expect(200);
    }

    private JsonNode readiness(Member member, String query) {
        return member.api().get(READINESS + "?" + query).expect(200).json();
    }

    private int githubCalls(String repository) {
        return peers.requests(PeerStub.GITHUB_BASE + "/repos/" + repository).size();
    }

    @Test
    void y01_y26_aScannedRepositoryAnswersInFull() {
        Member member = memberWithGithub("gh-secret");
        String repository = uniqueRepository("posthog");
        peers.repository(repository, new Repository("trunk", List.of("package.json", "src/posthog.ts", "README.md"),
                Map.of("src/posthog.ts", INSTRUMENTED), false));
        JsonNode answer = readiness(member, "repository=%20" + repository.toUpperCase() + "%20&window_days=7&refresh=false");
        assertEquals(repository, answer.get("repository").asText(), "trimmed and lower-cased");
        assertEquals(List.of("repository", "classification", "excluded", "coreSuggestions", "replayInsights",
                "errorInsights", "overall", "evidenceTaskCount", "windowDays", "generatedAt", "cacheAgeSeconds", "scan"),
                fieldNames(answer));
        assertEquals("frontend_js", answer.get("classification").asText());
        assertFalse(answer.get("excluded").asBoolean());
        assertEquals(7, answer.get("windowDays").asInt());
        assertEquals(0, answer.get("cacheAgeSeconds").asInt());
        assertTrue(answer.get("generatedAt").asText().endsWith("+00:00"));
        JsonNode scan = answer.get("scan");
        assertEquals(1, scan.get("filesScanned").asInt());
        assertEquals(1, scan.get("detectedFilesCount").asInt());
        assertEquals(2, scan.get("eventNameCount").asInt());
        assertTrue(scan.get("foundPosthogInit").asBoolean() && scan.get("foundPosthogCapture").asBoolean()
                && scan.get("foundErrorSignal").asBoolean());
        JsonNode core = answer.get("coreSuggestions");
        assertEquals(List.of("state", "estimated", "reason", "evidence"), fieldNames(core));
        assertTrue(core.get("estimated").asBoolean());
        List<PeerStub.Request> calls = peers.requests(PeerStub.GITHUB_BASE + "/repos/" + repository);
        assertEquals(List.of(PeerStub.GITHUB_BASE + "/repos/" + repository,
                PeerStub.GITHUB_BASE + "/repos/" + repository + "/git/trees/trunk?recursive=1",
                PeerStub.GITHUB_BASE + "/repos/" + repository + "/contents/src/posthog.ts?ref=trunk"),
                calls.stream().map(PeerStub.Request::target).toList());
        for (PeerStub.Request call : calls) {
            assertEquals("GET", call.method());
            assertEquals("application/vnd.github+json", call.headers().get("Accept"));
            assertEquals("Bearer gh-secret", call.headers().get("Authorization"));
            assertEquals("2022-11-28", call.headers().get("X-github-api-version"));
        }
    }

    @Test
    void y02_y03_badQueriesAreRefusedInTableOrder() {
        Member member = memberWithGithub("t");
        member.api().get(READINESS).expectError(400, "required", "This field is required.", "repository");
        member.api().get(READINESS + "?repository=posthog").expectError(400, "invalid_input",
                "Repository must be in the format organization/repository", "repository");
        member.api().get(READINESS + "?repository=").expectError(400, "blank", "This field may not be blank.",
                "repository");
        member.api().get(READINESS + "?repository=%20%20").expectError(400, "blank", null, "repository");
        for (String bad : List.of("a/b/c", "/b", "a/", "a//b")) {
            member.api().get(READINESS + "?repository=" + bad).expectError(400, "invalid_input", null, "repository");
        }
        member.api().get(READINESS + "?repository=a/b&window_days=31").expectError(400, "max_value",
                "Ensure this value is less than or equal to 30.", "window_days");
        member.api().get(READINESS + "?repository=a/b&window_days=0").expectError(400, "min_value",
                "Ensure this value is greater than or equal to 1.", "window_days");
        member.api().get(READINESS + "?repository=a/b&window_days=-3").expectError(400, "min_value", null, "window_days");
        member.api().get(READINESS + "?repository=a/b&window_days=week").expectError(400, "invalid",
                "A valid integer is required.", "window_days");
        member.api().get(READINESS + "?repository=a/b&refresh=maybe").expectError(400, "invalid",
                "Must be a valid boolean.", "refresh");
        member.api().get(READINESS + "?repository=posthog&window_days=0").expectError(400, "invalid_input", null,
                "repository");
        // The only shape rule is two non-empty parts: such names are scanned (GitHub knows none of them).
        assertEquals("org/my repo", readiness(member, "repository=org/my%20repo").get("repository").asText());
        assertEquals("organisação/répo", readiness(member, "repository=organisa%C3%A7%C3%A3o/r%C3%A9po")
                .get("repository").asText());
        Api reader = fixtures().keyFor(member, Map.of("label", "r", "scopes", List.of("task:read")));
        reader.get(READINESS + "?repository=a/b&refresh=yes").expect(200);
        Api other = fixtures().keyFor(member, Map.of("label", "o", "scopes", List.of("project:read")));
        other.get(READINESS + "?repository=a/b").expect(403);
    }

    @Test
    void y16_withoutGithubIntegration() {
        Member member = fixtures().newMember();
        String repository = uniqueRepository("web");
        JsonNode answer = readiness(member, "repository=" + repository + "&window_days=3");
        assertEquals("needs_setup", answer.get("overall").asText());
        assertEquals("unknown", answer.get("classification").asText());
        for (String capability : List.of("coreSuggestions", "replayInsights", "errorInsights")) {
            assertEquals(Map.of("state", "needs_setup", "estimated", true, "reason", "GitHub integration is not connected.",
                    "evidence", Map.of()), JsonValues.map(answer.get(capability)));
        }
        assertEquals(0, answer.get("cacheAgeSeconds").asInt());
        assertEquals(0, answer.get("evidenceTaskCount").asInt());
        assertEquals(3, answer.get("windowDays").asInt());
        assertFalse(answer.has("scan"));
        assertEquals(0, githubCalls(repository));
    }

    @Test
    void y17_withoutToken() {
        Member member = memberWithGithub(null);
        String repository = uniqueRepository("web");
        JsonNode answer = readiness(member, "repository=" + repository);
        assertEquals("unknown", answer.get("overall").asText());
        assertEquals("Unable to access GitHub integration token.", answer.at("/errorInsights/reason").asText());
        assertEquals("unknown", answer.at("/replayInsights/state").asText());
        assertFalse(answer.has("scan"));
        assertEquals(answer.get("generatedAt"), readiness(member, "repository=" + repository).get("generatedAt"),
                "answer B is cached");
        assertEquals(0, githubCalls(repository));
    }

    @Test
    void y18_aFailedScanCountsAsNoEvidence() {
        Member member = memberWithGithub("t");
        String repository = uniqueRepository("web-app");
        peers.repository(repository, new Repository("main", List.of(), Map.of(), true));
        JsonNode answer = readiness(member, "repository=" + repository);
        assertEquals(0, answer.at("/scan/filesScanned").asInt());
        assertFalse(answer.at("/scan/foundPosthogInit").asBoolean());
        assertEquals("frontend_js", answer.get("classification").asText(), "the name still classifies");
        assertEquals("needs_setup", answer.get("overall").asText());
        String log = TestEnvironment.get().payaraLog();
        int errors = 0;
        for (int at = log.indexOf("repository_readiness.scan_failed for " + repository); at >= 0;
                at = log.indexOf("repository_readiness.scan_failed for " + repository, at + 1)) {
            errors++;
            int record = Math.max(0, log.lastIndexOf("\n[", at));
            assertTrue(log.substring(record, at).contains("SEVERE"), "logged at ERROR: " + log.substring(record, at));
        }
        assertEquals(1, errors, "one ERROR log for the failed scan");
    }

    @Test
    void y19_y20_answersAreCachedUnlessRefreshed() throws Exception {
        Member member = memberWithGithub("t");
        String repository = uniqueRepository("api");
        peers.repository(repository, new Repository("main", List.of("go.mod", "main.go"), Map.of("main.go", "x"), false));
        JsonNode first = readiness(member, "repository=" + repository);
        assertEquals(3, githubCalls(repository));
        Thread.sleep(1100);
        JsonNode second = readiness(member, "repository=" + repository);
        assertEquals(3, githubCalls(repository), "GitHub is contacted once");
        assertEquals(first.get("generatedAt"), second.get("generatedAt"));
        assertTrue(second.get("cacheAgeSeconds").asInt() >= 1, second.toString());
        JsonNode otherWindow = readiness(member, "repository=" + repository + "&window_days=8");
        assertEquals(6, githubCalls(repository), "the window is part of the key");
        assertEquals(0, otherWindow.get("cacheAgeSeconds").asInt());
        JsonNode refreshed = readiness(member, "repository=" + repository + "&refresh=true");
        assertEquals(9, githubCalls(repository), "refresh scans again");
        assertEquals(0, refreshed.get("cacheAgeSeconds").asInt());
        JsonNode after = readiness(member, "repository=" + repository);
        assertEquals(refreshed.get("generatedAt"), after.get("generatedAt"), "refresh overwrote the entry");
        assertEquals(9, githubCalls(repository));
        Member stranger = memberWithGithub("t");
        readiness(stranger, "repository=" + repository);
        assertEquals(12, githubCalls(repository), "another project has its own entry");
    }

    @Test
    void y21_y22_y23_statesFollowEvidenceAndFlags() {
        Member member = memberWithGithub("t");
        String repository = uniqueRepository("repo");
        peers.repository(repository, new Repository("main", List.of("package.json", "src/app.ts"),
                Map.of("src/app.ts", INSTRUMENTED), false));
        flags(member, false);
        JsonNode off = readiness(member, "repository=" + repository + "&refresh=true");
        for (String capability : List.of("coreSuggestions", "replayInsights", "errorInsights")) {
            assertEquals("detected", off.at("/" + capability + "/state").asText(), capability);
        }
        assertEquals("detected", off.get("overall").asText());
        flags(member, true);
        JsonNode on = readiness(member, "repository=" + repository + "&refresh=true");
        for (String capability : List.of("coreSuggestions", "replayInsights", "errorInsights")) {
            assertEquals("waiting_for_data", on.at("/" + capability + "/state").asText(), capability);
        }
        assertEquals("partial", on.get("overall").asText());
        assertEquals(Map.of("matchedEventCount", 0), JsonValues.map(on.at("/coreSuggestions/evidence")));
        String bare = uniqueRepository("repo");
        peers.repository(bare, new Repository("main", List.of("package.json"), Map.of(), false));
        JsonNode nothing = readiness(member, "repository=" + bare);
        assertEquals("needs_setup", nothing.get("overall").asText());
        assertEquals("No reliable tracking instrumentation found in repository code.",
                nothing.at("/coreSuggestions/reason").asText());
        assertFalse(nothing.at("/scan/foundPosthogInit").asBoolean());
        String excluded = uniqueRepository("my-sdk");
        peers.repository(excluded, new Repository("main", List.of("package.json"), Map.of(), false));
        JsonNode library = readiness(member, "repository=" + excluded);
        assertEquals("sdk_or_library", library.get("classification").asText());
        assertTrue(library.get("excluded").asBoolean());
        assertEquals("unknown", library.get("overall").asText());
        assertEquals("not_applicable", library.at("/replayInsights/state").asText());
    }

    @Test
    void y25_dataFromPosthogAndReplayTasksMakeItReady() {
        Member member = memberWithGithub("t");
        flags(member, true);
        long posthogProject = 4242 + member.project();
        admin().post("/api/projects/" + member.project() + "/integrations/", Map.of("kind", "posthog",
                "config", Map.of("host", peers.url() + "/", "project_id", posthogProject),
                "sensitive_config", Map.of("personal_api_key", "phx_data"))).expect(201);
        peers.queryAnswer(posthogProject, "{\"results\":[[1]]}");
        String repository = uniqueRepository("shop");
        peers.repository(repository, new Repository("main", List.of("package.json", "src/app.ts"),
                Map.of("src/app.ts", INSTRUMENTED), false));
        fixtures().newTask(member, Map.of("title", "replay", "origin_product", "session_summaries",
                "repository", repository.toUpperCase()));
        fixtures().newTask(member, Map.of("title", "other origin", "origin_product", "user_created",
                "repository", repository));
        JsonNode answer = readiness(member, "repository=" + repository);
        for (String capability : List.of("coreSuggestions", "replayInsights", "errorInsights")) {
            assertEquals("ready", answer.at("/" + capability + "/state").asText(), capability);
        }
        assertEquals("ready", answer.get("overall").asText());
        assertEquals(1, answer.get("evidenceTaskCount").asInt());
        assertEquals(Map.of("matchedEventCount", 1, "eventNameCount", 2),
                JsonValues.map(answer.at("/coreSuggestions/evidence")));
        assertEquals(Map.of("replayTaskCount", 1), JsonValues.map(answer.at("/replayInsights/evidence")));
        assertEquals(Map.of("recentErrorIssueCount", 1), JsonValues.map(answer.at("/errorInsights/evidence")));
        List<PeerStub.Request> queries = peers.requests("/api/projects/" + posthogProject + "/query/");
        assertEquals(2, queries.size());
        for (PeerStub.Request query : queries) {
            assertEquals("POST", query.method());
            assertEquals("Bearer phx_data", query.headers().get("Authorization"));
            assertTrue(query.body().startsWith("{\"query\":{\"kind\":\"HogQLQuery\",\"query\":\"SELECT count("),
                    query.body());
        }
        assertTrue(queries.stream().anyMatch(q -> q.body().contains("event IN ('checkout', 'signup')")),
                queries.toString());
        assertTrue(queries.stream().anyMatch(q -> q.body().contains("$exception_issue_id")), queries.toString());
        // A data source that fails counts as 0, and the answer is still 200.
        peers.queryAnswer(posthogProject, "{\"results\":\"nope\"}");
        JsonNode failing = readiness(member, "repository=" + repository + "&refresh=true");
        assertEquals("waiting_for_data", failing.at("/coreSuggestions/state").asText());
        assertEquals("ready", failing.at("/replayInsights/state").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
