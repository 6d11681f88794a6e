package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Projects, users, members, personal API keys and integrations (docs/identity.md). */
class IdentityIT extends DeployedWarTest {

    private static final String KEYS = "/api/personal_api_keys/";

    @Test
    void i01_bootstrapAdministratorOwnsProjectOne() {
        JsonNode me = admin().get("/api/users/@me/").expect(200).json();
        assertTrue(me.get("is_staff").asBoolean());
        assertEquals(1, me.at("/team/id").asLong());
        assertEquals("admin@localhost", me.get("email").asText());
        assertEquals(32, me.get("distinct_id").asText().length());
    }

    @Test
    void i04_anyValidKeyReadsItsUser() {
        Member member = fixtures().newMember("task:read");
        JsonNode me = member.api().get("/api/users/@me").expect(200).json();
        assertEquals(member.id(), me.get("id").asLong());
        assertEquals(member.distinctId(), me.get("distinct_id").asText());
        assertEquals(member.project(), me.at("/team/id").asLong());
        assertEquals(member.project(), me.at("/team/project_id").asLong());
        assertEquals(List.of("id", "uuid", "distinct_id", "first_name", "last_name", "email", "is_staff", "is_active",
                "date_joined", "team", "projects"), fieldNames(me));
        assertEquals(1, me.get("projects").size());
    }

    @Test
    void i05_i06_keysShowTheirValueOnce() {
        JsonNode created = admin().post(KEYS, Map.of("label", "ci", "scopes", List.of("task:read"))).expect(201).json();
        String value = created.get("value").asText();
        assertTrue(value.matches("phx_[A-Za-z0-9]{48}"), value);
        assertEquals(value.substring(0, 4) + "..." + value.substring(value.length() - 4), created.get("mask_value").asText());
        assertEquals(List.of("id", "label", "value", "mask_value", "created_at", "last_used_at", "last_rolled_at",
                "user_id", "scopes", "scoped_teams", "scoped_organizations"), fieldNames(created));
        JsonNode read = admin().get(KEYS + created.get("id").asText() + "/").expect(200).json();
        assertFalse(read.has("value"));
        assertEquals(List.of("task:read"), List.of(read.get("scopes").get(0).asText()));
        for (JsonNode key : admin().get(KEYS).expect(200).json()) {
            assertFalse(key.has("value"));
        }
        new Api(root(), value).get("/api/projects/@current/tasks/").expect(200);
        admin().delete(KEYS + created.get("id").asText() + "/").expect(204);
    }

    @Test
    void i07_unknownScopesAreInvalid() {
        admin().post(KEYS, Map.of("label", "x", "scopes", List.of("task:fly")))
                .expectError(400, "invalid_input", "Invalid scope: task:fly", "scopes");
        admin().post(KEYS, Map.of("label", "x", "scopes", List.of()))
                .expectError(400, "empty", "This list may not be empty.", "scopes");
        admin().post(KEYS, Map.of("label", "x".repeat(41), "scopes", List.of("*")))
                .expectError(400, "max_length", "Ensure this field has no more than 40 characters.", "label");
        admin().post(KEYS, Map.of("scopes", List.of("*"))).expectError(400, "required", "This field is required.", "label");
    }

    @Test
    void i08_keysCannotExceedTheirMaker() {
        Member member = fixtures().newMember("task:read", "user:write");
        member.api().post(KEYS, Map.of("label", "x", "scopes", List.of("task:write"))).expectError(400,
                "invalid_input", "Scopes cannot exceed the scopes of the key used to create this key.", "scopes");
        member.api().post(KEYS, Map.of("label", "x", "scopes", List.of("*"))).expect(400);
        member.api().post(KEYS, Map.of("label", "x", "scopes", List.of("task:read"))).expect(201);
    }

    @Test
    void i09_keysAreLimitedToTheOwnersProjects() {
        Member member = fixtures().newMember();
        long other = fixtures().newProject("Not mine");
        member.api().post(KEYS, Map.of("label", "x", "scopes", List.of("*"), "scoped_teams", List.of(other)))
                .expectError(400, "invalid_input", "You must be a member of all teams that you are scoping the key to.",
                        "scoped_teams");
        JsonNode limited = member.api().post(KEYS, Map.of("label", "x", "scopes", List.of("*"),
                "scoped_teams", List.of(member.project()))).expect(201).json();
        assertEquals(member.project(), limited.get("scoped_teams").get(0).asLong());
        // A key made by a limited key inherits its limit.
        JsonNode child = member.api().withKey(limited.get("value").asText())
                .post(KEYS, Map.of("label", "child", "scopes", List.of("task:read"))).expect(201).json();
        assertEquals(member.project(), child.get("scoped_teams").get(0).asLong());
    }

    @Test
    void i10_tenKeysAtMost() {
        Member member = fixtures().newMember();
        for (int i = 1; i < 10; i++) {
            member.api().post(KEYS, Map.of("label", "key " + i, "scopes", List.of("task:read"))).expect(201);
        }
        ApiResponse refused = member.api().post(KEYS, Map.of("label", "eleventh", "scopes", List.of("task:read")))
                .expect(400);
        assertTrue(refused.json().get("detail").asText().startsWith("You can only have 10 personal API keys"));
        assertTrue(refused.json().get("attr").isNull());
        assertEquals(10, member.api().get(KEYS).json().size());
    }

    @Test
    void i11_deletedKeysStopWorking() {
        Member member = fixtures().newMember();
        JsonNode key = member.api().post(KEYS, Map.of("label", "temp", "scopes", List.of("*"))).expect(201).json();
        Api temp = member.api().withKey(key.get("value").asText());
        temp.get("/api/projects/@current/tasks/").expect(200);
        temp.delete(KEYS + key.get("id").asText() + "/").expect(204);
        temp.get("/api/projects/@current/tasks/").expectError(403, "authentication_failed", null, null);
        member.api().get(KEYS + key.get("id").asText() + "/").expectError(404, "not_found", null, null);
        Member other = fixtures().newMember();
        String otherKey = other.api().get(KEYS + "@current/").expect(200).json().get("id").asText();
        member.api().get(KEYS + otherKey + "/").expectError(404, "not_found", null, null);
        member.api().delete(KEYS + otherKey + "/").expectError(404, "not_found", null, null);
    }

    @Test
    void keyUseIsRecorded() {
        Member member = fixtures().newMember();
        JsonNode current = member.api().get(KEYS + "@current/").expect(200).json();
        assertNotNull(current.get("last_used_at").asText(null));
    }

    @Test
    void i12_i13_onlyAdministratorsCreateProjects() {
        Member member = fixtures().newMember("project:write");
        member.api().post("/api/projects/", Map.of("name", "P")).expectError(403, "permission_denied",
                "You do not have permission to perform this action.", null);
        JsonNode project = admin().post("/api/projects/", Map.of("name", "  P  ")).expect(201).json();
        assertEquals(project.get("id").asLong(), project.get("project_id").asLong());
        assertEquals("P", project.get("name").asText());
        assertFalse(project.get("proactive_tasks_enabled").asBoolean());
        assertFalse(project.get("session_recording_opt_in").asBoolean());
        assertFalse(project.get("autocapture_exceptions_opt_in").asBoolean());
        JsonNode members = admin().get("/api/projects/" + project.get("id").asLong() + "/members/").expect(200).json();
        assertEquals(1, members.get(0).at("/user/id").asLong());
        admin().post("/api/projects/", Map.of()).expectError(400, "required", null, "name");
        admin().post("/api/projects/", Map.of("name", "x".repeat(201))).expectError(400, "max_length", null, "name");
    }

    @Test
    void i14_membersChangeProjectSettings() {
        Member member = fixtures().newMember("project:write");
        JsonNode project = member.api().patch("/api/projects/@current/", Map.of("proactive_tasks_enabled", true))
                .expect(200).json();
        assertTrue(project.get("proactive_tasks_enabled").asBoolean());
        assertEquals(member.project(), project.get("id").asLong());
        assertTrue(member.api().get("/api/projects/" + member.project() + "/").expect(200).json()
                .get("proactive_tasks_enabled").asBoolean());
        member.api().patch("/api/projects/@current/", Map.of("session_recording_opt_in", "perhaps"))
                .expectError(400, "invalid", "Must be a valid boolean.", "session_recording_opt_in");
        JsonNode listed = member.api().get("/api/projects/").expect(200).json();
        assertEquals(1, listed.get("count").asInt());
    }

    @Test
    void i15_currentProjectHonoursTheKeyLimit() {
        long second = fixtures().newProject("Two");
        long fifth = fixtures().newProject("Five");
        Member member = fixtures().newMember(second);
        admin().post("/api/projects/" + fifth + "/members/", Map.of("user_id", member.id())).expect(201);
        Api limited = fixtures().keyFor(member, Map.of("label", "five", "scopes", List.of("*"),
                "scoped_teams", List.of(fifth)));
        assertEquals(second, member.api().get("/api/users/@me/").json().at("/team/id").asLong());
        JsonNode me = limited.get("/api/users/@me/").expect(200).json();
        assertEquals(fifth, me.at("/team/id").asLong());
        assertEquals(1, me.get("projects").size());
        assertEquals(fifth, limited.get("/api/projects/@current/").expect(200).json().get("id").asLong());
    }

    @Test
    void currentProjectCanBeChosen() {
        Member member = fixtures().newMember();
        long other = fixtures().newProject("Other");
        member.api().patch("/api/users/@me/", Map.of("set_current_team", other))
                .expectError(400, "invalid_input", "Project not found.", "set_current_team");
        admin().post("/api/projects/" + other + "/members/", Map.of("user_id", member.id())).expect(201);
        JsonNode me = member.api().patch("/api/users/@me/", Map.of("set_current_team", other, "first_name", "Ada",
                "is_staff", true)).expect(200).json();
        assertEquals(other, me.at("/team/id").asLong());
        assertEquals("Ada", me.get("first_name").asText());
        assertFalse(me.get("is_staff").asBoolean());
        assertEquals(2, me.get("projects").size());
    }

    @Test
    void i16_i17_integrationsKeepSecretsWriteOnly() {
        Member member = fixtures().newMember();
        String integrations = "/api/projects/" + member.project() + "/integrations/";
        JsonNode github = admin().post(integrations, Map.of("kind", "github",
                "sensitive_config", Map.of("access_token", "t"))).expect(201).json();
        assertFalse(github.has("sensitive_config"));
        assertFalse(github.toString().contains("\"t\""));
        assertEquals("github", github.get("display_name").asText());
        assertEquals(List.of("id", "kind", "display_name", "config", "created_at", "created_by"), fieldNames(github));
        assertEquals(1, github.at("/created_by/id").asLong());
        admin().post(integrations, Map.of("kind", "slack")).expectError(400, "required", "This field is required.",
                "sensitive_config__access_token");
        admin().post(integrations, Map.of("kind", "slack", "sensitive_config", Map.of("access_token", "")))
                .expectError(400, "blank", null, "sensitive_config__access_token");
        admin().post(integrations, Map.of("kind", "jira")).expectError(400, "invalid_choice",
                "\"jira\" is not a valid choice.", "kind");
        admin().post(integrations, Map.of("kind", "posthog", "config", Map.of("host", "https://eu.posthog.com"),
                "sensitive_config", Map.of("personal_api_key", "phx_x"))).expectError(400, "required", null,
                "config__project_id");
        admin().post(integrations, Map.of("kind", "posthog", "config", Map.of("host", "https://eu.posthog.com",
                "project_id", 7), "sensitive_config", Map.of("personal_api_key", "phx_x"))).expect(201);
        String path = integrations + github.get("id").asLong() + "/";
        member.api().get(path).expect(200);
        JsonNode renamed = member.api().patch(path, Map.of("display_name", "Our GitHub", "config",
                Map.of("account", "acme"))).expect(200).json();
        assertEquals("Our GitHub", renamed.get("display_name").asText());
        assertEquals("acme", renamed.at("/config/account").asText());
        assertEquals(2, member.api().get(integrations).expect(200).json().size());
        fixtures().newMember().api().get("/api/projects/@current/integrations/" + github.get("id").asLong() + "/")
                .expectError(404, "not_found", null, null);
    }

    @Test
    void deletingAnIntegrationDetachesItsTasks() {
        Member member = fixtures().newMember();
        JsonNode github = member.api().post("/api/projects/@current/integrations/", Map.of("kind", "github"))
                .expect(201).json();
        JsonNode task = fixtures().newTask(member, Map.of("title", "uses github"));
        assertEquals(github.get("id").asLong(), task.get("github_integration").asLong());
        member.api().delete("/api/projects/@current/integrations/" + github.get("id").asLong() + "/").expect(204);
        assertTrue(member.api().get(member.tasks() + task.get("id").asText() + "/").json().get("github_integration").isNull());
    }

    @Test
    void i18_deactivatedUsersCannotAuthenticate() {
        Member member = fixtures().newMember();
        member.api().get("/api/users/@me/").expect(200);
        JsonNode user = admin().patch("/api/users/" + member.id() + "/", Map.of("is_active", false)).expect(200).json();
        assertFalse(user.get("is_active").asBoolean());
        member.api().get("/api/projects/@current/tasks/").expectError(403, "authentication_failed", null, null);
        admin().patch("/api/users/" + member.id() + "/", Map.of("is_active", true)).expect(200);
        member.api().get("/api/projects/@current/tasks/").expect(200);
    }

    @Test
    void administratorsManageUsers() {
        Member member = fixtures().newMember("*");
        member.api().get("/api/users/").expectError(403, "permission_denied",
                "You do not have permission to perform this action.", null);
        member.api().post("/api/users/", Map.of("email", "x@example.com")).expectError(403, "permission_denied", null, null);
        JsonNode page = admin().get("/api/users/?limit=2").expect(200).json();
        assertEquals(2, page.get("results").size());
        assertTrue(page.get("count").asInt() >= 2);
        assertEquals(1, page.get("results").get(0).get("id").asLong());
        admin().post("/api/users/", Map.of("email", member.email().toUpperCase())).expectError(400, "invalid_input",
                "A user with this email already exists.", "email");
        admin().post("/api/users/", Map.of("email", "new@example.com", "projects", List.of(999999)))
                .expectError(400, "invalid_input", "Project not found.", "projects");
        admin().post("/api/users/", Map.of("email", "nokey-" + System.nanoTime() + "@example.com",
                "initial_key", Map.of("label", "k", "scopes", List.of("task:fly"))))
                .expectError(400, "invalid_input", "Invalid scope: task:fly", "initial_key__scopes");
        admin().patch("/api/users/1/", Map.of("is_staff", false)).expectError(400, "invalid_input",
                "You cannot deactivate or demote yourself.", "is_staff");
        admin().patch("/api/users/1/", Map.of("is_active", false)).expectError(400, "invalid_input",
                "You cannot deactivate or demote yourself.", "is_active");
        admin().patch("/api/users/999999/", Map.of("first_name", "x")).expectError(404, "not_found", null, null);
        JsonNode renamed = admin().patch("/api/users/" + member.id() + "/", Map.of("first_name", "Grace", "is_staff", true))
                .expect(200).json();
        assertEquals("Grace", renamed.get("first_name").asText());
        assertTrue(member.api().get("/api/users/").expect(200).json().get("count").asInt() >= 2);
    }

    @Test
    void membersAreManagedByAdministrators() {
        Member member = fixtures().newMember();
        Member newcomer = fixtures().newMember();
        String members = "/api/projects/" + member.project() + "/members/";
        member.api().post(members, Map.of("user_id", newcomer.id())).expectError(403, "permission_denied", null, null);
        admin().post(members, Map.of("user_id", 999999)).expectError(400, "invalid_input", "User not found.", "user_id");
        admin().post(members, Map.of("user_id", "abc")).expectError(400, "invalid", "A valid integer is required.", "user_id");
        JsonNode joined = admin().post(members, Map.of("user_id", newcomer.id())).expect(201).json();
        assertEquals(newcomer.id(), joined.at("/user/id").asLong());
        assertTrue(joined.at("/user/is_email_verified").isNull());
        admin().post(members, Map.of("user_id", newcomer.id())).expect(200);
        List<Long> ids = new ArrayList<>();
        member.api().get(members).expect(200).json().forEach(m -> ids.add(m.at("/user/id").asLong()));
        // The administrator joined the project by creating it.
        assertEquals(List.of(1L, member.id(), newcomer.id()), ids);
        newcomer.api().get("/api/projects/" + member.project() + "/tasks/").expect(200);
        admin().delete(members + newcomer.id() + "/").expect(204);
        admin().delete(members + newcomer.id() + "/").expectError(404, "not_found", null, null);
        newcomer.api().get("/api/projects/" + member.project() + "/tasks/").expectError(404, "not_found", null, null);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
