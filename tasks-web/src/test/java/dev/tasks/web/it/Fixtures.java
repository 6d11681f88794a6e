package dev.tasks.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario fixtures built through the API with the administrator's key: every test gets projects
 * and users of its own, so tests never see each other's data.
 */
public final class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Api admin;

    public Fixtures(Api admin) {
        this.admin = admin;
    }

    public Api admin() {
        return admin;
    }

    /** A member of a project, acting with a key of the given scopes. */
    public record Member(long id, String distinctId, String email, long project, Api api) {
        public String tasks() {
            return "/api/projects/@current/tasks/";
        }
    }

    public long newProject(String name) {
        return admin.post("/api/projects/", Map.of("name", name)).expect(201).json().get("id").asLong();
    }

    /** A new user whose first (and current) project is a new one. */
    public Member newMember(String... scopes) {
        return newMember(newProject("Project " + SEQUENCE.incrementAndGet()), scopes);
    }

    /** A new user, member of {@code project}, holding a key with {@code scopes} (all scopes when none given). */
    public Member newMember(long project, String... scopes) {
        List<String> keyScopes = scopes.length == 0 ? List.of("*") : List.of(scopes);
        String email = "user-" + UUID.randomUUID() + "@example.com";
        JsonNode user = admin.post("/api/users/", Map.of("email", email, "first_name", "Test",
                "projects", List.of(project),
                "initial_key", Map.of("label", "test", "scopes", keyScopes))).expect(201).json();
        return new Member(user.get("id").asLong(), user.get("distinct_id").asText(), email, project,
                admin.withKey(user.at("/initial_key/value").asText()));
    }

    /** Another key of the same user. */
    public Api keyFor(Member member, Map<String, Object> keyRequest) {
        JsonNode key = member.api().post("/api/personal_api_keys/", keyRequest).expect(201).json();
        return member.api().withKey(key.get("value").asText());
    }

    /** Creates a task as {@code member} in their current project and returns its JSON. */
    public JsonNode newTask(Member member, Map<String, Object> body) {
        return member.api().post(member.tasks(), body).expect(201).json();
    }
}
