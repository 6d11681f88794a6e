package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code append_log/} and {@code logs/} (logs-and-stream.md §1–§4 and checklist L1–L12). */
class LogsIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";

    static String entry(String time, String method, String sessionUpdate) {
        String params = sessionUpdate == null ? "{}" : "{\"update\":{\"sessionUpdate\":\"" + sessionUpdate + "\"}}";
        return "{\"type\":\"notification\",\"timestamp\":\"2026-01-01T" + time + "Z\",\"notification\":"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}}";
    }

    static String body(String... entries) {
        return "{\"entries\":[" + String.join(",", entries) + "]}";
    }

    private record Run(Member member, String task, String path) {
        ApiResponse append(String... entries) {
            return member.api().send("POST", path + "append_log/", body(entries), "application/json");
        }

        ApiResponse logs() {
            return member.api().get(path + "logs");
        }
    }

    private Run newRun(Member member, String task, Map<String, Object> body) {
        String runs = TASKS + task + "/runs/";
        String id = member.api().post(runs, body).expect(201).json().get("id").asText();
        return new Run(member, task, runs + id + "/");
    }

    private Run newRun() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "logs")).get("id").asText();
        return newRun(member, task, Map.of());
    }

    @Test
    void l01_l06_appendedEntriesComeBackByteForByte() {
        Run run = newRun();
        String e1 = entry("10:00:00", "_posthog/console", null);
        String e2 = "{\"z\":1,\"a\":\"caf\\u00e9 \\\"q\\\"\",\"n\":1.50,\"e\":1E+3,\"u\":\"ü\"}";
        String e3 = entry("10:00:02", "session/update", "tool_call");
        ApiResponse first = run.append(e1, e2).expect(200);
        assertEquals(run.path().split("/")[7], first.json().get("id").asText(), "answers with the run");
        assertTrue(first.header("Server-Timing").contains("s3_append"), first.headers().toString());
        run.append(e3).expect(200);
        ApiResponse logs = run.logs().expect(200);
        assertEquals(e1 + "\n" + e2 + "\n" + e3 + "\n", logs.text());
        assertEquals("application/jsonl", logs.header("Content-Type"));
    }

    @Test
    void l02_l03_badEntriesStoreNothing() {
        Run run = newRun();
        run.append().expectError(400, "invalid_input", "At least one log entry is required", "entries");
        run.member().api().send("POST", run.path() + "append_log/", "{\"entries\":[{},\"x\"]}", "application/json")
                .expectError(400, "not_a_dict", "Expected a dictionary of items but got type \"str\".", "entries__1");
        run.member().api().send("POST", run.path() + "append_log/", "{\"entries\":{}}", "application/json")
                .expectError(400, "not_a_list", "Expected a list of items but got type \"dict\".", "entries");
        run.member().api().send("POST", run.path() + "append_log/", "{}", "application/json")
                .expectError(400, "required", "This field is required.", "entries");
        run.member().api().send("POST", run.path() + "append_log/", "{\"entries\":[{}", "application/json")
                .expect(400);
        assertEquals("", run.logs().expect(200).text());
    }

    @Test
    void l04_messageChunksAreDropped() {
        Run run = newRun();
        String chunk = entry("10:00:00", "session/update", "agent_message_chunk");
        String call = entry("10:00:01", "session/update", "tool_call");
        run.append(chunk, call).expect(200);
        run.append(chunk).expect(200);
        assertEquals(call + "\n", run.logs().text());
    }

    @Test
    void l05_prettyPrintedEntriesAreCompacted() {
        Run run = newRun();
        String pretty = "{\n  \"b\" : [ 1 , 2 ],\n\t\"a\" : \"keep  these  spaces\\n\"\r\n}";
        run.member().api().send("POST", run.path() + "append_log/", "{ \"entries\" : [ " + pretty + " ] }",
                "application/json").expect(200);
        assertEquals("{\"b\":[1,2],\"a\":\"keep  these  spaces\\n\"}\n", run.logs().text());
    }

    @Test
    void l07_l08_logsFollowTheResumeChain() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "chain")).get("id").asText();
        Run a = newRun(member, task, Map.of());
        String checkpoint = entry("10:00:00", "_posthog/git_checkpoint", null);
        a.append(checkpoint).expect(200);
        String aId = a.path().split("/")[7];
        Run b = newRun(member, task, Map.of("state", Map.of("resume_from_run_id", aId)));
        String own = entry("10:00:01", "_posthog/console", null);
        b.append(own).expect(200);
        assertEquals(checkpoint + "\n" + own + "\n", b.logs().expect(200).text());

        Run lonely = newRun(member, task, Map.of());
        lonely.append(own).expect(200);
        assertEquals(own + "\n", lonely.logs().text());
        Run empty = newRun(member, task, Map.of());
        Run afterEmpty = newRun(member, task, Map.of("state", Map.of("resume_from_run_id", empty.path().split("/")[7])));
        afterEmpty.append(own).expect(200);
        assertEquals(own + "\n", afterEmpty.logs().text());

        String otherTask = fixtures().newTask(member, Map.of("title", "other")).get("id").asText();
        Run foreign = newRun(member, otherTask, Map.of("state", Map.of("resume_from_run_id", aId)));
        foreign.append(own).expect(200);
        assertEquals(own + "\n", foreign.logs().text(), "a run of another task is not an ancestor");
    }

    @Test
    void l10_c14_emptyLogWithoutTrailingSlash() {
        Run run = newRun();
        ApiResponse logs = run.logs().expect(200);
        assertEquals("", logs.text());
        assertEquals("application/jsonl", logs.header("Content-Type"));
        assertEquals("no-cache", logs.header("Cache-Control"));
        assertTrue(logs.header("Server-Timing").contains("s3_read"));
        run.member().api().get(run.path() + "logs/").expect(200);
    }

    @Test
    void l11_l12_signedLogUrl() {
        Run run = newRun();
        String e1 = entry("10:00:00", "_posthog/console", null);
        run.append(e1).expect(200);
        String logUrl = run.member().api().get(run.path()).expect(200).json().get("log_url").asText();
        assertEquals(e1 + "\n", anonymous().get(logUrl).expect(200).text());

        String signature = logUrl.substring(logUrl.indexOf("signature=") + 10);
        char flipped = signature.charAt(0) == 'a' ? 'b' : 'a';
        String tampered = logUrl.replace("signature=" + signature, "signature=" + flipped + signature.substring(1));
        anonymous().get(tampered).expectError(403, "authentication_failed", "Invalid or expired signature.", null);
        String expired = logUrl.replaceAll("expires=\\d+", "expires=1000");
        anonymous().get(expired).expectError(403, "authentication_failed", "Invalid or expired signature.", null);

        Run other = newRun();
        String otherUrl = other.member().api().get(other.path()).json().get("log_url").asText();
        String swapped = otherUrl.substring(0, otherUrl.indexOf('?')) + logUrl.substring(logUrl.indexOf('?'));
        anonymous().get(swapped).expectError(403, "authentication_failed", "Invalid or expired signature.", null);
        anonymous().get(run.path() + "logs").expectError(403, "not_authenticated",
                "Authentication credentials were not provided.", null);
        anonymous().get(logUrl.replace("/logs/", "/")).expectError(403, "not_authenticated",
                "Authentication credentials were not provided.", null);
    }

    @Test
    void appendingNeedsControlOfTheTask() {
        Run run = newRun();
        Member other = fixtures().newMember(run.member().project());
        other.api().send("POST", run.path() + "append_log/", body(entry("10:00:00", "x", null)), "application/json")
                .expectError(404, "not_found", "Task not found", null);
        Member reader = fixtures().newMember(run.member().project(), "task:read");
        reader.api().send("POST", run.path() + "append_log/", body(entry("10:00:00", "x", null)), "application/json")
                .expectError(403, "permission_denied", "API key missing required scope 'task:write'", null);
        assertEquals("", run.logs().text());
    }

    @Test
    void appendBumpsTheRun() {
        Run run = newRun();
        JsonNode before = run.member().api().get(run.path()).json();
        JsonNode after = run.append(entry("10:00:00", "x", null)).expect(200).json();
        assertTrue(after.get("updated_at").asText().compareTo(before.get("updated_at").asText()) >= 0);
    }
}
