package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The task endpoints (docs/tasks.md). */
class TasksIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";

    @Test
    void t01_t04_createAndList() {
        Member member = fixtures().newMember();
        JsonNode created = fixtures().newTask(member, Map.of("title", "T", "description", "D",
                "origin_product", "user_created", "repository", "posthog/posthog"));
        assertEquals("T", created.get("title").asText());
        assertEquals("D", created.get("description").asText());
        assertEquals("posthog/posthog", created.get("repository").asText());
        assertEquals(0, created.get("task_number").asInt());
        assertTrue(created.get("slug").asText().endsWith("-0"), created.get("slug").asText());
        assertTrue(created.get("title_manually_set").asBoolean());
        assertTrue(created.get("latest_run").isNull());
        assertEquals(member.id(), created.at("/created_by/id").asLong());
        assertEquals(List.of("id", "task_number", "slug", "title", "title_manually_set", "description", "origin_product",
                "repository", "github_integration", "signal_report", "json_schema", "internal", "latest_run",
                "created_at", "updated_at", "created_by", "ci_prompt", "github_user_integration", "archived",
                "archived_at", "channel"), fieldNames(created));
        assertTrue(created.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
        fixtures().newTask(member, Map.of("title", "Task 2"));
        Set<String> titles = titles(member.api().get(TASKS).expect(200).json());
        assertEquals(Set.of("T", "Task 2"), titles);
        assertEquals(1, member.api().get(TASKS + created.get("id").asText() + "/").json().get("task_number").asInt(0) + 1);
    }

    @Test
    void t03_retrieveWithoutRuns() {
        Member member = fixtures().newMember();
        String id = fixtures().newTask(member, Map.of("title", "alone")).get("id").asText();
        JsonNode task = member.api().get(TASKS + id + "/").expect(200).json();
        assertTrue(task.has("latest_run"));
        assertTrue(task.get("latest_run").isNull());
    }

    @Test
    void t05_slugFollowsTheProjectName() {
        long project = admin().post("/api/projects/", Map.of("name", "Test Team")).expect(201).json().get("id").asLong();
        Member member = fixtures().newMember(project);
        String id = fixtures().newTask(member, Map.of("title", "x")).get("id").asText();
        assertEquals("TES-0", member.api().get(TASKS + id + "/").json().get("slug").asText());
        admin().patch("/api/projects/" + project + "/", Map.of("name", "My ACME Project")).expect(200);
        assertEquals("MAC-0", member.api().get(TASKS + id + "/").json().get("slug").asText());
        admin().patch("/api/projects/" + project + "/", Map.of("name", "!!!")).expect(200);
        assertEquals("TSK-0", member.api().get(TASKS + id + "/").json().get("slug").asText());
    }

    @Test
    void t06_t07_repositoryFormat() {
        Member member = fixtures().newMember();
        for (String bad : List.of("posthog", "a/b/c", "/posthog", "posthog/")) {
            member.api().post(TASKS, Map.of("repository", bad)).expectError(400, "invalid_input",
                    "Repository must be in the format organization/repository", "repository");
        }
        assertEquals("posthog/posthog", fixtures().newTask(member, Map.of("repository", "PostHog/PostHog"))
                .get("repository").asText());
        assertTrue(fixtures().newTask(member, Map.of("repository", "")).get("repository").isNull());
        member.api().post(TASKS, Map.of("repository", "o/" + "r".repeat(300))).expectError(400, "max_length", null,
                "repository");
        assertEquals(2, member.api().get(TASKS).json().get("count").asInt());
    }

    @Test
    void t08_t09_t10_foreignReferences() {
        Member member = fixtures().newMember();
        member.api().post(TASKS, Map.of("signal_report", UUID.randomUUID().toString())).expectError(400,
                "invalid_input", "Signal report must belong to the same team", "signal_report");
        member.api().post(TASKS, Map.of("signal_report", "nope")).expectError(400, "invalid", "Must be a valid UUID.",
                "signal_report");
        Member other = fixtures().newMember();
        long foreign = other.api().post("/api/projects/@current/integrations/", Map.of("kind", "github"))
                .expect(201).json().get("id").asLong();
        member.api().post(TASKS, Map.of("github_integration", foreign)).expectError(400, "invalid_input",
                "Integration must belong to the same team", "github_integration");
        long slack = member.api().post("/api/projects/@current/integrations/", Map.of("kind", "slack",
                "sensitive_config", Map.of("access_token", "xoxb-1"))).expect(201).json().get("id").asLong();
        member.api().post(TASKS, Map.of("github_integration", slack)).expectError(400, "invalid_input",
                "Integration must belong to the same team", "github_integration");
        assertTrue(fixtures().newTask(member, Map.of("title", "none yet")).get("github_integration").isNull());
        long github = member.api().post("/api/projects/@current/integrations/", Map.of("kind", "github"))
                .expect(201).json().get("id").asLong();
        JsonNode task = fixtures().newTask(member, Map.of("title", "defaulted"));
        assertEquals(github, task.get("github_integration").asLong());
        JsonNode explicitNull = fixtures().newTask(member, Map.of("title", "null", "github_integration", ""));
        assertEquals(github, explicitNull.get("github_integration").asLong(), "empty/null means the project's");
        JsonNode cleared = member.api().patch(TASKS + task.get("id").asText() + "/",
                new HashMap<>(Map.of())).expect(200).json();
        assertEquals(github, cleared.get("github_integration").asLong());
        Map<String, Object> clear = new HashMap<>();
        clear.put("github_integration", null);
        assertTrue(member.api().patch(TASKS + task.get("id").asText() + "/", clear).expect(200).json()
                .get("github_integration").isNull());
    }

    @Test
    void t11_t12_t13_titles() {
        Member member = fixtures().newMember();
        JsonNode derived = fixtures().newTask(member, Map.of("description", "Fix login bug\nmore"));
        assertEquals("Fix login bug", derived.get("title").asText());
        assertFalse(derived.get("title_manually_set").asBoolean());
        String seventy = "x".repeat(70);
        assertEquals("x".repeat(57) + "...", fixtures().newTask(member, Map.of("description", seventy)).get("title").asText());
        assertEquals("", fixtures().newTask(member, Map.of()).get("title").asText());
        assertEquals("blank title", fixtures().newTask(member, Map.of("title", "  ", "description", "blank title"))
                .get("title").asText());
        assertFalse(fixtures().newTask(member, Map.of("title", "Given", "title_manually_set", false))
                .get("title_manually_set").asBoolean());
        JsonNode updated = member.api().patch(TASKS + derived.get("id").asText() + "/", Map.of("title", "Updated Task"))
                .expect(200).json();
        assertEquals("Updated Task", updated.get("title").asText());
        assertTrue(updated.get("title_manually_set").asBoolean());
        assertFalse(updated.get("updated_at").asText().equals(derived.get("updated_at").asText()));
        JsonNode put = member.api().put(TASKS + derived.get("id").asText(), Map.of("description", "only this")).expect(200).json();
        assertEquals("Updated Task", put.get("title").asText());
        assertEquals("only this", put.get("description").asText());
        Map<String, Object> nullTitle = new HashMap<>();
        nullTitle.put("title", null);
        member.api().patch(TASKS + derived.get("id").asText() + "/", nullTitle).expectError(400, "null",
                "This field may not be null.", "title");
        member.api().post(TASKS, Map.of("title", "t".repeat(256))).expectError(400, "max_length",
                "Ensure this field has no more than 255 characters.", "title");
    }

    @Test
    void originProducts() {
        Member member = fixtures().newMember();
        member.api().post(TASKS, Map.of("origin_product", "image_builder")).expectError(400, "invalid_input",
                "origin_product 'image_builder' is reserved for image-builder sessions", "origin_product");
        member.api().post(TASKS, Map.of("origin_product", "moon")).expectError(400, "invalid_choice",
                "\"moon\" is not a valid choice.", "origin_product");
        assertEquals("user_created", fixtures().newTask(member, Map.of()).get("origin_product").asText());
        String id = fixtures().newTask(member, Map.of("origin_product", "slack")).get("id").asText();
        member.api().patch(TASKS + id + "/", Map.of("origin_product", "image_builder")).expect(400);
        assertEquals("slack", member.api().get(TASKS + id + "/").json().get("origin_product").asText());
        assertEquals(1, member.api().get(TASKS + "?origin_product=slack").json().get("count").asInt());
        assertEquals(0, member.api().get(TASKS + "?origin_product=moon").json().get("count").asInt());
    }

    @Test
    void t14_deletedTasksDisappear() {
        Member member = fixtures().newMember();
        String id = fixtures().newTask(member, Map.of("title", "doomed", "repository", "gone/repo")).get("id").asText();
        member.api().delete(TASKS + id + "/").expect(204);
        member.api().get(TASKS + id + "/").expectError(404, "not_found", null, null);
        member.api().patch(TASKS + id + "/", Map.of("title", "x")).expect(404);
        member.api().delete(TASKS + id + "/").expect(404);
        assertEquals(0, member.api().get(TASKS).json().get("count").asInt());
        assertEquals(0, member.api().get(TASKS + "repositories/").json().get("repositories").size());
        int next = fixtures().newTask(member, Map.of("title", "after")).get("task_number").asInt();
        assertEquals(1, next, "numbers of deleted tasks are not reused");
    }

    @Test
    void t15_to_t18_repositoryAndOrganizationFilters() {
        Member member = fixtures().newMember();
        for (String repository : List.of("posthog/posthog", "other/posthog", "posthog/posthog-js")) {
            fixtures().newTask(member, Map.of("title", repository, "repository", repository));
        }
        assertEquals(Set.of("posthog/posthog"), titles(member.api().get(TASKS + "?repository=posthog/posthog").json()));
        assertEquals(Set.of("posthog/posthog", "other/posthog"), titles(member.api().get(TASKS + "?repository=posthog").json()));
        assertEquals(Set.of("posthog/posthog-js"), titles(member.api().get(TASKS + "?repository=posthog-js").json()));
        assertEquals(Set.of("posthog/posthog", "posthog/posthog-js"), titles(member.api().get(TASKS + "?organization=posthog").json()));
        assertEquals(Set.of("other/posthog"), titles(member.api().get(TASKS + "?organization=other").json()));
        assertEquals(Set.of("posthog/posthog", "other/posthog"), titles(member.api().get(TASKS + "?repository=PostHog").json()));
        assertEquals(Set.of("posthog/posthog"), titles(member.api().get(TASKS + "?repository=%20PostHog/PostHog%20").json()));
        assertEquals(3, member.api().get(TASKS + "?repository=").json().get("count").asInt());
        assertEquals(0, member.api().get(TASKS + "?repository=post%25").json().get("count").asInt());
    }

    @Test
    void t19_createdByFilter() throws Exception {
        Member me = fixtures().newMember();
        Member other = fixtures().newMember(me.project());
        fixtures().newTask(me, Map.of("title", "mine"));
        fixtures().newTask(other, Map.of("title", "theirs"));
        String orphan = fixtures().newTask(other, Map.of("title", "orphan")).get("id").asText();
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement update = db.prepareStatement("update task set created_by_id = null where id = ?")) {
            update.setObject(1, UUID.fromString(orphan));
            assertEquals(1, update.executeUpdate());
        }
        assertEquals(Set.of("mine"), titles(me.api().get(TASKS + "?created_by=" + me.id()).json()));
        assertEquals(Set.of(), titles(me.api().get(TASKS + "?created_by=" + other.id()).json()));
        assertEquals(Set.of("mine", "orphan"), titles(me.api().get(TASKS).json()));
        me.api().get(TASKS + "?created_by=abc").expectError(400, "invalid", "A valid integer is required.", "created_by");
    }

    @Test
    void t20_t21_search() {
        Member member = fixtures().newMember();
        fixtures().newTask(member, Map.of("title", "Fix login", "description", "users cannot sign in"));
        fixtures().newTask(member, Map.of("title", "Perf", "description", "a regression in the dashboard"));
        fixtures().newTask(member, Map.of("title", "Some bug", "description", "crash"));
        fixtures().newTask(member, Map.of("title", "Other", "description", "nothing"));
        assertEquals(Set.of("Fix login"), titles(member.api().get(TASKS + "?search=login").json()));
        assertEquals(Set.of("Fix login"), titles(member.api().get(TASKS + "?search=LOGIN").json()));
        assertEquals(Set.of("Fix login"), titles(member.api().get(TASKS + "?search=%20%20%20login%20%20%20").json()));
        assertEquals(Set.of("Perf"), titles(member.api().get(TASKS + "?search=regression").json()));
        assertEquals(Set.of("Some bug"), titles(member.api().get(TASKS + "?search=bug").json()));
        assertEquals(Set.of(), titles(member.api().get(TASKS + "?search=zzzzz").json()));
        assertEquals(4, member.api().get(TASKS + "?search=").json().get("count").asInt());
        assertEquals(Set.of("Some bug"), titles(member.api().get(TASKS + "?search=2").json()));
        assertEquals(Set.of("Perf"), titles(member.api().get(TASKS + "?search=TSK-1").json()));
        assertEquals(0, member.api().get(TASKS + "?search=100%25").json().get("count").asInt());
    }

    @Test
    void t23_unknownStatusFilter() {
        Member member = fixtures().newMember();
        member.api().get(TASKS + "?status=not_a_real_status").expectError(400, "invalid_choice",
                "\"not_a_real_status\" is not a valid choice.", "status");
        assertEquals(0, member.api().get(TASKS + "?status=failed").expect(200).json().get("count").asInt());
    }

    @Test
    void t24_filtersApplyBeforePagination() {
        Member me = fixtures().newMember();
        Member other = fixtures().newMember(me.project());
        fixtures().newTask(me, Map.of("title", "own"));
        for (int i = 0; i < 150; i++) {
            other.api().post(TASKS, Map.of("title", "scout " + i, "origin_product", "signals_scout")).expect(201);
        }
        JsonNode page = me.api().get(TASKS + "?created_by=" + me.id()).json();
        assertEquals(1, page.get("count").asInt());
        assertEquals("own", page.get("results").get(0).get("title").asText());
        assertEquals(151, me.api().get(TASKS).json().get("count").asInt());
    }

    @Test
    void t25_t26_t27_internalAndArchived() {
        Member member = fixtures().newMember();
        JsonNode internal = fixtures().newTask(member, Map.of("title", "internal", "internal", true));
        assertTrue(internal.get("internal").asBoolean());
        assertFalse(fixtures().newTask(member, Map.of("title", "public")).get("internal").asBoolean());
        assertEquals(Set.of("public"), titles(member.api().get(TASKS).json()));
        assertEquals(Set.of("internal"), titles(member.api().get(TASKS + "?internal=true").json()));
        assertEquals(Set.of("public"), titles(member.api().get(TASKS + "?internal=false").json()));
        assertEquals(Set.of("internal", "public"), titles(member.api().get(TASKS + "?internal=all").json()));
        member.api().get(TASKS + "?internal=yes").expectError(400, "invalid_choice", null, "internal");

        JsonNode archived = member.api().patch(TASKS + internal.get("id").asText() + "/",
                Map.of("archived", true, "internal", false)).expect(200).json();
        assertTrue(archived.get("archived").asBoolean());
        assertFalse(archived.get("archived_at").isNull());
        assertEquals(Set.of("public"), titles(member.api().get(TASKS).json()));
        assertEquals(Set.of("internal"), titles(member.api().get(TASKS + "?archived=true").json()));
        assertEquals(Set.of("internal", "public"), titles(member.api().get(TASKS + "?archived=all").json()));
        member.api().get(TASKS + "?archived=maybe").expectError(400, "invalid_choice", null, "archived");
        JsonNode restored = member.api().patch(TASKS + internal.get("id").asText() + "/", Map.of("archived", false))
                .expect(200).json();
        assertTrue(restored.get("archived_at").isNull());
    }

    @Test
    void t28_othersPrivateTasksAreInvisible() {
        Member me = fixtures().newMember();
        Member other = fixtures().newMember(me.project());
        String id = fixtures().newTask(other, Map.of("title", "private")).get("id").asText();
        me.api().get(TASKS + id + "/").expectError(404, "not_found", "Not found.", null);
        me.api().patch(TASKS + id + "/", Map.of("title", "mine now")).expect(404);
        me.api().put(TASKS + id + "/", Map.of("title", "mine now")).expect(404);
        me.api().delete(TASKS + id + "/").expect(404);
        assertEquals("private", other.api().get(TASKS + id + "/").json().get("title").asText());
        admin().withKey(admin().key()).get("/api/projects/" + me.project() + "/tasks/" + id + "/").expect(404);
    }

    @Test
    void t29_t30_t31_sharedOrigins() {
        Member me = fixtures().newMember();
        Member other = fixtures().newMember(me.project());
        fixtures().newTask(other, Map.of("title", "scout", "origin_product", "signals_scout"));
        fixtures().newTask(other, Map.of("title", "onboarding", "origin_product", "onboarding"));
        fixtures().newTask(other, Map.of("title", "knowledge", "origin_product", "business_knowledge"));
        String experiment = fixtures().newTask(other, Map.of("title", "experiment", "origin_product", "experiments"))
                .get("id").asText();
        String report = fixtures().newTask(other, Map.of("title", "report", "origin_product", "signal_report",
                "internal", true)).get("id").asText();
        assertEquals(Set.of("scout", "onboarding", "experiment"), titles(me.api().get(TASKS).json()));
        me.api().get(TASKS + experiment + "/").expect(200);
        me.api().patch(TASKS + experiment + "/", Map.of("title", "changed")).expect(404);
        assertEquals("experiment", other.api().get(TASKS + experiment + "/").json().get("title").asText());
        me.api().get(TASKS + report + "/").expect(200);
        me.api().patch(TASKS + report + "/", Map.of("title", "fine")).expect(200);
    }

    @Test
    void t32_repositories() {
        Member me = fixtures().newMember();
        Member other = fixtures().newMember(me.project());
        fixtures().newTask(me, Map.of("repository", "posthog/posthog-js"));
        fixtures().newTask(me, Map.of("repository", "posthog/posthog"));
        fixtures().newTask(me, Map.of("repository", "PostHog/posthog"));
        fixtures().newTask(me, Map.of("title", "no repository"));
        String gone = fixtures().newTask(me, Map.of("repository", "gone/repo")).get("id").asText();
        me.api().delete(TASKS + gone + "/").expect(204);
        fixtures().newTask(me, Map.of("repository", "posthog/internal", "internal", true));
        fixtures().newTask(me, Map.of("repository", "posthog/archived", "archived", true));
        fixtures().newTask(fixtures().newMember(), Map.of("repository", "x/mine"));
        fixtures().newTask(other, Map.of("repository", "u/theirs"));
        JsonNode body = me.api().get(TASKS + "repositories/").expect(200).json();
        assertEquals("{\"repositories\":[\"posthog/archived\",\"posthog/posthog\",\"posthog/posthog-js\"]}", body.toString());
    }

    @Test
    void t33_t34_summaries() {
        Member me = fixtures().newMember();
        Member other = fixtures().newMember(me.project());
        String a = fixtures().newTask(me, Map.of("title", "A", "repository", "o/r")).get("id").asText();
        String b = fixtures().newTask(me, Map.of("title", "B")).get("id").asText();
        String c = fixtures().newTask(other, Map.of("title", "C")).get("id").asText();
        String d = fixtures().newTask(me, Map.of("title", "D")).get("id").asText();
        me.api().delete(TASKS + d + "/").expect(204);
        JsonNode page = me.api().post(TASKS + "summaries/", Map.of("ids", List.of(a, b, c, d, UUID.randomUUID().toString())))
                .expect(200).json();
        assertEquals(2, page.get("count").asInt());
        assertEquals(List.of(b, a), List.of(page.get("results").get(0).get("id").asText(),
                page.get("results").get(1).get("id").asText()));
        JsonNode item = page.get("results").get(1);
        assertEquals(List.of("id", "title", "repository", "origin_product", "created_at", "updated_at", "latest_run"),
                fieldNames(item));
        assertEquals("o/r", item.get("repository").asText());
        assertTrue(item.get("latest_run").isNull());
        assertEquals(1, me.api().post(TASKS + "summaries/?limit=1", Map.of("ids", List.of(a, b))).json()
                .get("results").size());
        me.api().post(TASKS + "summaries/", Map.of("ids", List.of())).expectError(400, "empty", null, "ids");
        me.api().post(TASKS + "summaries/", Map.of()).expectError(400, "required", null, "ids");
        me.api().post(TASKS + "summaries/", Map.of("ids", List.of(a, "nope"))).expectError(400, "invalid",
                "Must be a valid UUID.", "ids__1");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            many.add(UUID.randomUUID().toString());
        }
        me.api().post(TASKS + "summaries/", Map.of("ids", many)).expectError(400, "max_length",
                "Ensure this field has no more than 5000 elements.", "ids");
        me.api().post(TASKS + "summaries/", Map.of("ids", "abc")).expectError(400, "not_a_list",
                "Expected a list of items but got type \"str\".", "ids");
    }

    @Test
    void invalidUpdatesChangeNothing() {
        Member member = fixtures().newMember();
        JsonNode task = fixtures().newTask(member, Map.of("title", "stable", "repository", "o/r"));
        String path = TASKS + task.get("id").asText() + "/";
        member.api().patch(path, Map.of("title", "new", "repository", "bad")).expect(400);
        member.api().patch(path, Map.of("title", "new", "internal", "perhaps")).expect(400);
        member.api().patch(path, "{not json").expect(400);
        JsonNode after = member.api().get(path).json();
        assertEquals(task.get("title"), after.get("title"));
        assertEquals(task.get("repository"), after.get("repository"));
        assertEquals(task.get("updated_at"), after.get("updated_at"));
        member.api().patch(TASKS + UUID.randomUUID() + "/", Map.of("repository", "bad"))
                .expectError(400, "invalid_input", null, "repository");
    }

    @Test
    void jsonSchemaAndCiPromptRoundTrip() {
        Member member = fixtures().newMember();
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("pr_url"));
        JsonNode task = fixtures().newTask(member, Map.of("json_schema", schema, "ci_prompt", "run the tests"));
        assertEquals("object", task.at("/json_schema/type").asText());
        assertEquals("run the tests", task.get("ci_prompt").asText());
        Map<String, Object> clear = new HashMap<>();
        clear.put("json_schema", null);
        clear.put("ci_prompt", null);
        JsonNode cleared = member.api().patch(TASKS + task.get("id").asText() + "/", clear).expect(200).json();
        assertTrue(cleared.get("json_schema").isNull());
        assertTrue(cleared.get("ci_prompt").isNull());
    }

    private static Set<String> titles(JsonNode page) {
        Set<String> titles = new TreeSet<>();
        page.get("results").forEach(task -> titles.add(task.get("title").asText()));
        return titles;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
