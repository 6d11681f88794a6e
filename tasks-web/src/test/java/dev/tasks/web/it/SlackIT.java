package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Slack thread mappings (docs/cloud-runs.md#thread-mappings), relays of the agent's answers
 * (docs/cloud-runs.md#relaying-the-agents-answers) and pull-request announcements
 * (docs/cloud-runs.md#pull-request-announcements) against a loopback Slack that records
 * every {@code chat.postMessage}.
 */
class SlackIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";

    private final PeerStub peers = TestEnvironment.get().peers();

    private record Fixture(Member member, long slack, String task, String run, String channel) {
        String threads() {
            return TASKS + task + "/slack_threads/";
        }

        String runPath() {
            return TASKS + task + "/runs/" + run + "/";
        }
    }

    /** A member with a Slack integration, a task and a run; {@code channel} is unique to this fixture. */
    private Fixture fixture() {
        Member member = fixtures().newMember();
        long slack = admin().post("/api/projects/" + member.project() + "/integrations/", Map.of("kind", "slack",
                "sensitive_config", Map.of("access_token", "xoxb-" + member.id()))).expect(201).json().get("id").asLong();
        String task = fixtures().newTask(member, Map.of("title", "slack")).get("id").asText();
        String run = member.api().post(TASKS + task + "/runs/", Map.of()).expect(201).json().get("id").asText();
        return new Fixture(member, slack, task, run, "C" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static Map<String, Object> mapping(Fixture f, Object... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("integration", f.slack(), "channel", f.channel(),
                "thread_ts", "1234.5678"));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    /** The messages Slack received in {@code channel}, as form fields. */
    private List<Map<String, String>> posted(String channel) {
        return peers.requests(PeerStub.SLACK_BASE + "chat.postMessage").stream().map(request -> form(request.body()))
                .filter(form -> channel.equals(form.get("channel"))).toList();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private List<Map<String, String>> awaitPosted(String channel, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (posted(channel).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return posted(channel);
    }

    /** A retried mapping with the same Idempotency-Key answers the first answer (201), not a re-point (200). */
    @Test
    void aRetriedMappingWithItsIdempotencyKeyReplaysTheFirstAnswer() {
        Fixture f = fixture();
        Api keyed = f.member().api().withHeader("Idempotency-Key", "map-" + UUID.randomUUID());
        ApiResponse first = keyed.post(f.threads(), mapping(f)).expect(201);
        ApiResponse again = keyed.post(f.threads(), mapping(f)).expect(201);
        assertArrayEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, f.member().api().get(f.threads()).expect(200).json().size());
        keyed.post(f.threads(), mapping(f, "thread_ts", "1.1")).expectError(422, "idempotency_key_reused",
                "Idempotency-Key was already used with a different request.", null);
    }

    @Test
    void mappingsAreCreatedRepointedListedAndDeleted() throws Exception {
        Fixture f = fixture();
        JsonNode created = f.member().api().post(f.threads(), mapping(f, "slack_workspace_id", "T1")).expect(201).json();
        assertEquals(List.of("id", "integration", "channel", "thread_ts", "slack_workspace_id", "task_run",
                "mentioning_slack_user_id", "task", "created_at", "updated_at"), fieldNames(created));
        assertEquals(f.slack(), created.get("integration").asLong());
        assertEquals(f.task(), created.get("task").asText());
        assertTrue(created.get("task_run").isNull());
        Thread.sleep(5);
        JsonNode repointed = f.member().api().post(f.threads(), mapping(f, "task_run", f.run())).expect(200).json();
        assertEquals(created.get("id"), repointed.get("id"));
        assertEquals(f.run(), repointed.get("task_run").asText());
        assertEquals(created.get("created_at"), repointed.get("created_at"));
        assertTrue(repointed.get("updated_at").asText().compareTo(created.get("updated_at").asText()) > 0);
        JsonNode other = f.member().api().post(f.threads(), mapping(f, "thread_ts", "999.1")).expect(201).json();
        JsonNode list = f.member().api().get(f.threads()).expect(200).json();
        assertEquals(List.of(other.get("id").asText(), created.get("id").asText()),
                List.of(list.get(0).get("id").asText(), list.get(1).get("id").asText()), "newest update first");
        f.member().api().delete(f.threads() + other.get("id").asText() + "/").expect(204);
        f.member().api().delete(f.threads() + other.get("id").asText() + "/")
                .expectError(404, "not_found", "Not found.", null);
        f.member().api().delete(f.threads() + "garbage/").expectError(404, "not_found", "Not found.", null);
        assertEquals(1, f.member().api().get(f.threads()).expect(200).json().size());
        // Deleting the integration deletes its mappings (docs/identity.md#integrations).
        admin().delete("/api/projects/" + f.member().project() + "/integrations/" + f.slack() + "/").expect(204);
        assertEquals(0, f.member().api().get(f.threads()).expect(200).json().size());
    }

    @Test
    void mappingRequestsAreValidated() {
        Fixture f = fixture();
        Api api = f.member().api();
        api.post(f.threads(), Map.of("channel", "C", "thread_ts", "1"))
                .expectError(400, "required", "This field is required.", "integration");
        long github = admin().post("/api/projects/" + f.member().project() + "/integrations/", Map.of("kind", "github"))
                .expect(201).json().get("id").asLong();
        api.post(f.threads(), mapping(f, "integration", github)).expectError(400, "invalid_input",
                "Integration must belong to the same team", "integration");
        Fixture stranger = fixture();
        api.post(f.threads(), mapping(f, "integration", stranger.slack())).expectError(400, "invalid_input",
                "Integration must belong to the same team", "integration");
        api.post(f.threads(), mapping(f, "task_run", stranger.run())).expectError(400, "invalid_input",
                "Run must belong to this task", "task_run");
        api.post(f.threads(), mapping(f, "task_run", "nope")).expectError(400, "invalid", "Must be a valid UUID.",
                "task_run");
        api.post(f.threads(), mapping(f, "channel", "c".repeat(65))).expectError(400, "max_length",
                "Ensure this field has no more than 64 characters.", "channel");
        api.post(f.threads(), mapping(f, "thread_ts", " ")).expectError(400, "blank", null, "thread_ts");
        Api reader = fixtures().keyFor(f.member(), Map.of("label", "r", "scopes", List.of("task:read")));
        reader.post(f.threads(), mapping(f)).expect(403);
        reader.get(f.threads()).expect(200);
        stranger.member().api().get(f.threads()).expectError(404, "not_found", "Task not found", null);
        assertEquals(0, api.get(f.threads()).expect(200).json().size());
    }

    @Test
    void r24_k35_aNewPullRequestIsPostedIntoTheThread() throws Exception {
        Fixture f = fixture();
        f.member().api().post(f.threads(), mapping(f)).expect(201);
        String url = "https://github.com/o/r/pull/1";
        f.member().api().patch(f.runPath(), Map.of("output", Map.of("pr_url", url))).expect(200);
        List<Map<String, String>> messages = awaitPosted(f.channel(), 1);
        assertEquals(1, messages.size());
        assertEquals("1234.5678", messages.get(0).get("thread_ts"));
        assertEquals("Pull request: " + url, messages.get(0).get("text"));
        assertTrue(peers.requests(PeerStub.SLACK_BASE + "chat.postMessage").stream()
                .anyMatch(r -> ("Bearer xoxb-" + f.member().id()).equals(r.headers().get("Authorization"))));
        // The same pr_url again, or another output key, announces nothing.
        f.member().api().patch(f.runPath(), Map.of("output", Map.of("pr_url", url))).expect(200);
        f.member().api().patch(f.runPath(), Map.of("output", Map.of("head_branch", "b"))).expect(200);
        // set_output/ announces its pr_url (K35).
        f.member().api().patch(f.runPath() + "set_output/", Map.of("output", Map.of("pr_url", url + "0")))
                .expect(200);
        messages = awaitPosted(f.channel(), 2);
        Thread.sleep(2500);
        messages = posted(f.channel());
        assertEquals(2, messages.size(), messages.toString());
        assertEquals("Pull request: " + url + "0", messages.get(1).get("text"));
    }

    @Test
    void aRunsOwnThreadComesBeforeTheTasks() throws Exception {
        Fixture f = fixture();
        f.member().api().post(f.threads(), mapping(f, "thread_ts", "1.run", "task_run", f.run())).expect(201);
        Thread.sleep(5);
        f.member().api().post(f.threads(), mapping(f, "thread_ts", "2.task")).expect(201);
        f.member().api().patch(f.runPath(), Map.of("output", Map.of("pr_url", "https://x/pull/2"))).expect(200);
        assertEquals("1.run", awaitPosted(f.channel(), 1).get(0).get("thread_ts"));
    }

    @Test
    void withoutAMappingNothingIsQueued() throws Exception {
        Fixture f = fixture();
        f.member().api().patch(f.runPath(), Map.of("output", Map.of("pr_url", "https://x/pull/3"))).expect(200);
        assertEquals(0L, ((Number) TestEnvironment.get().database().scalar("select count(*) from scheduled_tasks"
                + " where task_name = 'slack.pr_update' and task_instance like ?", f.run() + ":%")).longValue());
        Thread.sleep(1500);
        assertEquals(List.of(), posted(f.channel()));
    }

    @Test
    void rateLimitsAreRetriedAfterRetryAfterAndRefusalsAreNot() throws Exception {
        Fixture f = fixture();
        f.member().api().post(f.threads(), mapping(f)).expect(201);
        peers.slackAnswer(429, "{\"ok\":false,\"error\":\"ratelimited\"}", "1");
        f.member().api().patch(f.runPath(), Map.of("output", Map.of("pr_url", "https://x/pull/4"))).expect(200);
        awaitPosted(f.channel(), 2);
        List<PeerStub.Request> calls = peers.requests(PeerStub.SLACK_BASE + "chat.postMessage").stream()
                .filter(r -> r.body().contains(f.channel())).toList();
        assertEquals(2, calls.size(), "one refusal, one retry");
        assertEquals(List.of(), peers.requests(PeerStub.SLACK_BASE + "auth.test"), "no extra calls to Slack");

        Fixture refused = fixture();
        refused.member().api().post(refused.threads(), mapping(refused)).expect(201);
        peers.slackAnswer(200, "{\"ok\":false,\"error\":\"channel_not_found\"}", null);
        refused.member().api().patch(refused.runPath(), Map.of("output", Map.of("pr_url", "https://x/pull/5")))
                .expect(200);
        awaitPosted(refused.channel(), 1);
        Thread.sleep(4000);
        assertEquals(1, posted(refused.channel()).size(), "a permanent refusal is not retried");
    }

    // --- relay_message/ and the slack.relay job (docs/cloud-runs.md#relaying-the-agents-answers)

    private static ApiResponse relay(Fixture f, Object body) {
        return f.member().api().post(f.runPath() + "relay_message/", body);
    }

    private static long relays(Fixture f, String status) {
        return ((Number) TestEnvironment.get().database().scalar("select count(*) from run_message where run_id = ?"
                + " and channel = 'slack' and status = '" + status + "'", UUID.fromString(f.run()))).longValue();
    }

    @Test
    void k27_k28_k29_k30_k32_k33_relaysArePostedIntoTheRunsThreadOrSkipped() throws Exception {
        Fixture f = fixture();
        assertEquals(Map.of("status", "skipped"), JsonValues.map(relay(f, Map.of("text", "Done")).expect(200).json()),
                "K28: no mapping");
        f.member().api().post(f.threads(), mapping(f)).expect(201);
        JsonNode accepted = relay(f, Map.of("text", "Done", "message_id", "m-1", "trace_id", "t-1")).expect(200).json();
        assertEquals("accepted", accepted.get("status").asText());
        assertEquals(4, UUID.fromString(accepted.get("relay_id").asText()).version());
        relay(f, Map.of("text", "x", "text_parts", List.of("I'll pull DAU.", "Here's your answer."))).expect(200);
        relay(f, Map.of("text", "fallback", "text_parts", List.of("  ", ""))).expect(200);
        List<Map<String, String>> posted = awaitPosted(f.channel(), 3);
        assertEquals(List.of("Done", "Here's your answer.", "fallback"), posted.stream().map(m -> m.get("text")).toList(),
                "K32, K33, in the order they were relayed");
        assertEquals("1234.5678", posted.get(0).get("thread_ts"));
        assertEquals(3, relays(f, "delivered"));

        relay(f, Map.of("text", "   ")).expectError(400, "blank", "This field may not be blank.", "text");
        relay(f, Map.of()).expectError(400, "required", "This field is required.", "text");
        relay(f, Map.of("text", "x".repeat(10_001))).expectError(400, "max_length", null, "text");
        f.member().api().patch(f.runPath(), Map.of("status", "completed")).expect(200);
        assertEquals(Map.of("status", "skipped"), JsonValues.map(relay(f, Map.of("text", "late")).expect(200).json()),
                "K29: the run has ended");
        assertEquals(3, relays(f, "delivered") + relays(f, "pending"));
    }

    @Test
    void k31_k34_aRelayThatCannotBeQueuedIs503AndARateLimitedOneWaitsItsTurn() throws Exception {
        Fixture f = fixture();
        f.member().api().post(f.threads(), mapping(f)).expect(201);
        var db = TestEnvironment.get().database();
        db.update("alter table run_message add constraint it_relay_fails check (payload not like '%relay-failure%')");
        try {
            JsonNode refused = relay(f, Map.of("text", "relay-failure")).expect(503).json();
            assertEquals(Map.of("error", "Failed to queue Slack relay"), JsonValues.map(refused));
        } finally {
            db.update("alter table run_message drop constraint it_relay_fails");
        }
        assertEquals(0, relays(f, "pending") + relays(f, "delivered"));

        peers.slackAnswer(429, "{\"ok\":false,\"error\":\"ratelimited\"}", "1");
        relay(f, Map.of("text", "first")).expect(200);
        List<Map<String, String>> posted = awaitPosted(f.channel(), 2);
        List<PeerStub.Request> calls = peers.requests(PeerStub.SLACK_BASE + "chat.postMessage").stream()
                .filter(r -> r.body().contains(f.channel())).toList();
        assertEquals(2, calls.size(), "K34: one refusal, one retry");
        assertTrue(Duration.between(calls.get(0).at(), calls.get(1).at()).toMillis() >= 1000, "after Retry-After");
        assertEquals(List.of("first", "first"), posted.stream().map(m -> m.get("text")).toList());
        assertEquals(1, relays(f, "delivered"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
