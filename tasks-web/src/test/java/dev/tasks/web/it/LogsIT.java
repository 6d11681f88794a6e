package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code append_log/} and {@code logs/} (docs/logs-and-stream.md). */
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

    /** Run B of a new task, resumed from run A of the same task; both still without log entries. */
    private record Chain(Run a, String aId, Run b, String bId) {
    }

    private Chain resumedChain(String title) {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", title)).get("id").asText();
        Run a = newRun(member, task, Map.of());
        String aId = a.path().split("/")[7];
        Run b = newRun(member, task, Map.of("state", Map.of("resume_from_run_id", aId)));
        return new Chain(a, aId, b, b.path().split("/")[7]);
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

    private static List<String> items(ApiResponse response) {
        List<String> bodies = new ArrayList<>();
        response.json().forEach(node -> bodies.add(node.toString()));
        return bodies;
    }

    private static void counts(ApiResponse response, int total, int filtered, boolean hasMore) {
        assertEquals(String.valueOf(total), response.header("X-Total-Count"));
        assertEquals(String.valueOf(filtered), response.header("X-Filtered-Count"));
        assertEquals(String.valueOf(filtered), response.header("X-Matching-Count"));
        assertEquals(String.valueOf(hasMore), response.header("X-Has-More"));
    }

    private ApiResponse sessionLogs(Run run, String query) {
        return run.member().api().get(run.path() + "session_logs/" + query).expect(200);
    }

    @Test
    void l13_l14_l23_sessionLogsCountAndTime() {
        Run run = newRun();
        ApiResponse empty = sessionLogs(run, "");
        assertEquals("[]", empty.text());
        counts(empty, 0, 0, false);
        String a = entry("10:00:00", "_posthog/console", null);
        String b = entry("10:00:01", "session/update", "tool_call");
        String c = entry("10:00:02", "session/update", "user_message");
        run.append(a, b, c).expect(200);
        ApiResponse all = sessionLogs(run, "");
        assertEquals("[" + a + "," + b + "," + c + "]", all.text(), "stored bodies verbatim");
        counts(all, 3, 3, false);
        assertTrue(all.header("Server-Timing").contains("s3_read") && all.header("Server-Timing").contains("filter"));
        assertEquals("no-cache", all.header("Cache-Control"));
    }

    @Test
    void l15_l16_l22_typeFilters() {
        Run run = newRun();
        String user = entry("10:00:00", "session/update", "user_message");
        String agent = entry("10:00:01", "session/update", "agent_message");
        String call = entry("10:00:02", "session/update", "tool_call");
        String result = entry("10:00:03", "session/update", "tool_result");
        String sdk = entry("10:00:04", "_posthog/sdk_session", null);
        String resume = entry("10:00:05", "_posthog/session/resume", null);
        String console = entry("10:00:06", "_posthog/console", null);
        run.append(user, agent, call, result, sdk, resume, console).expect(200);
        ApiResponse calls = sessionLogs(run, "?event_types=tool_call,%20tool_result,,");
        assertEquals(List.of(call, result), items(calls));
        counts(calls, 7, 2, false);
        assertEquals(List.of(user, call, result, sdk, resume, console), items(sessionLogs(run, "?exclude_types=agent_message")));
        assertEquals(List.of(sdk, resume), items(sessionLogs(run,
                "?event_types=_posthog/sdk_session,_posthog/session/resume")));
    }

    @Test
    void l17_l18_l21_afterAndCombinedFilters() {
        Run run = newRun();
        String e0 = entry("10:00:00", "session/update", "tool_call");
        String e1 = entry("10:01:00", "session/update", "tool_call");
        String e2 = entry("10:02:00", "session/update", "user_message");
        String e3 = entry("10:03:00", "session/update", "tool_call");
        String e4 = entry("10:04:00", "session/update", "tool_call");
        String noTime = "{\"notification\":{\"method\":\"session/update\",\"params\":{\"update\":{\"sessionUpdate\":\"tool_call\"}}}}";
        run.append(e0, e1, e2, e3, e4, noTime).expect(200);
        ApiResponse after = sessionLogs(run, "?after=2026-01-01T10:02:00Z");
        assertEquals(List.of(e3, e4), items(after));
        counts(after, 6, 2, false);
        assertEquals(List.of(e3), items(sessionLogs(run, "?after=2026-01-01T10:01:00Z&event_types=tool_call&limit=1")));
        assertEquals(List.of(e3, e4), items(sessionLogs(run, "?after=2026-01-01T12:02:00%2B02:00")));

        Run precise = newRun();
        String t0 = entry("10:00:00", "x", null);
        String t1 = entry("10:00:00.500", "x", null);
        String t2 = entry("10:00:01", "x", null);
        precise.append(t0, t1, t2).expect(200);
        assertEquals(List.of(t1, t2), items(sessionLogs(precise, "?after=2026-01-01T10:00:00%2B00:00")));
        assertEquals(List.of(t1, t2), items(sessionLogs(precise, "?after=2026-01-01T10:00:00")), "no offset is UTC");
    }

    @Test
    void l19_l20_pages() {
        Run run = newRun();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(entry("10:00:0" + i, "x", null));
        }
        run.append(sent.toArray(String[]::new)).expect(200);
        ApiResponse first = sessionLogs(run, "?limit=3");
        assertEquals(sent.subList(0, 3), items(first));
        counts(first, 10, 10, true);
        ApiResponse middle = sessionLogs(run, "?limit=2&offset=2");
        assertEquals(sent.subList(2, 4), items(middle));
        assertEquals("true", middle.header("X-Has-More"));
        ApiResponse last = sessionLogs(run, "?limit=5&offset=8");
        assertEquals(sent.subList(8, 10), items(last));
        assertEquals("false", last.header("X-Has-More"));
        assertEquals("[]", sessionLogs(run, "?offset=99999999999999999999").text());
    }

    @Test
    void l25_badQueries() {
        Run run = newRun();
        var api = run.member().api();
        String path = run.path() + "session_logs/";
        api.get(path + "?limit=0").expectError(400, "min_value", "Ensure this value is greater than or equal to 1.", "limit");
        api.get(path + "?limit=5001").expectError(400, "max_value", "Ensure this value is less than or equal to 5000.", "limit");
        api.get(path + "?limit=ten").expectError(400, "invalid", "A valid integer is required.", "limit");
        api.get(path + "?offset=-1").expectError(400, "min_value", "Ensure this value is greater than or equal to 0.", "offset");
        api.get(path + "?after=yesterday").expectError(400, "invalid", "Datetime has wrong format. Use one of these "
                + "formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].", "after");
        api.get(path + "?include_resumed=maybe").expectError(400, "invalid", "Must be a valid boolean.", "include_resumed");
        api.get(path + "?after_seq=x").expectError(400, "invalid_input", "Invalid after_seq.", "after_seq");
        api.get(path + "?after_seq=-1").expectError(400, "invalid_input", "Invalid after_seq.", "after_seq");
        api.get(path + "?after_seq=2&offset=1").expectError(400, "invalid_input",
                "after_seq cannot be combined with offset.", "after_seq");
        api.get(path + "?after_seq=" + run.path().split("/")[7] + ":1").expectError(400, "invalid_input",
                "Invalid after_seq.", "after_seq");
    }

    @Test
    void l24_pagesStayUnderTheByteCap() {
        Run run = newRun();
        String big = "x".repeat(6 * 1024 * 1024);
        for (int i = 0; i < 4; i++) {
            run.member().api().send("POST", run.path() + "append_log/",
                    "{\"entries\":[{\"i\":" + i + ",\"pad\":\"" + big + "\"}]}", "application/json").expect(200);
        }
        List<Integer> seen = new ArrayList<>();
        int offset = 0;
        int pages = 0;
        while (true) {
            ApiResponse page = sessionLogs(run, "?limit=1000&offset=" + offset);
            pages++;
            JsonNode items = page.json();
            assertTrue(page.body().length <= 16 * 1024 * 1024 || items.size() == 1, "page of " + page.body().length);
            items.forEach(item -> seen.add(item.get("i").asInt()));
            offset += items.size();
            if (!Boolean.parseBoolean(page.header("X-Has-More"))) {
                break;
            }
        }
        assertTrue(pages > 1);
        assertEquals(List.of(0, 1, 2, 3), seen);
    }

    @Test
    void cursorPaginationAndResumedRuns() {
        Chain runs = resumedChain("cursor");
        Run a = runs.a();
        Run b = runs.b();
        String aId = runs.aId();
        String bId = runs.bId();
        String a1 = entry("10:00:00", "x", null);
        String a2 = entry("10:00:01", "y", null);
        a.append(a1, a2).expect(200);
        String b1 = entry("10:00:02", "x", null);
        String b2 = entry("10:00:03", "x", null);
        b.append(b1, b2).expect(200);

        ApiResponse own = sessionLogs(b, "?limit=1");
        assertEquals(List.of(b1), items(own));
        ApiResponse next = sessionLogs(b, "?limit=1&after_seq=" + own.header("X-Next-Cursor"));
        assertEquals(List.of(b2), items(next));
        counts(next, 2, 1, false);

        ApiResponse chain = sessionLogs(b, "?include_resumed=true&limit=3");
        assertEquals(List.of(a1, a2, b1), items(chain));
        counts(chain, 4, 4, true);
        assertTrue(chain.header("X-Next-Cursor").startsWith(bId + ":"), chain.header("X-Next-Cursor"));
        ApiResponse fromA = sessionLogs(b, "?include_resumed=true&after_seq=" + aId + ":"
                + items(sessionLogs(a, "")).size() + "&event_types=x");
        assertEquals(List.of(b1, b2), items(fromA));
        ApiResponse plainSeq = sessionLogs(b, "?include_resumed=true&after_seq=0");
        assertEquals(List.of(b1, b2), items(plainSeq), "a plain number refers to the requested run");
        ApiResponse typed = sessionLogs(b, "?include_resumed=1&event_types=y");
        assertEquals(List.of(a2), items(typed));
    }

    @Test
    void largeAppendsAreStoredWhole() {
        Run run = newRun();
        StringBuilder many = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
        }
        run.member().api().send("POST", run.path() + "append_log/", many.append("]}").toString(), "application/json")
                .expect(200);
        String big = "{\"pad\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}";
        run.member().api().send("POST", run.path() + "append_log/", "{\"entries\":[" + big + "]}",
                "application/json").expect(200);
        String[] lines = run.logs().expect(200).text().split("\n");
        assertEquals(10_001, lines.length);
        assertEquals("{\"i\":9999}", lines[9_999]);
        assertEquals(big, lines[10_000]);
        assertEquals("10001", sessionLogs(run, "?limit=1").header("X-Total-Count"));
    }

    @Test
    void b10_b11_b12_cursorPagesCoverEveryEntryOnce() {
        Run run = newRun();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(entry("10:00:0" + i, "x", null));
        }
        run.append(sent.subList(0, 4).toArray(String[]::new)).expect(200);
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        boolean more = true;
        int page = 0;
        while (more) {
            ApiResponse response = sessionLogs(run, "?limit=4" + (cursor == null ? "" : "&after_seq=" + cursor));
            List<String> items = items(response);
            seen.addAll(items);
            sizes.add(items.size());
            cursor = response.header("X-Next-Cursor");
            more = Boolean.parseBoolean(response.header("X-Has-More"));
            if (page++ == 0) {
                run.append(sent.subList(4, 10).toArray(String[]::new)).expect(200);
                more = true;
            }
        }
        assertEquals(sent, seen, "every entry exactly once, in order");
        assertEquals(List.of(4, 4, 2), sizes);
        run.member().api().get(run.path() + "session_logs/?after_seq=3&offset=2").expectError(400, "invalid_input",
                "after_seq cannot be combined with offset.", "after_seq");
    }

    @Test
    void b13_b14_b15_resumedRunsInSessionLogs() {
        Chain runs = resumedChain("resumed");
        Run a = runs.a();
        Run b = runs.b();
        String aId = runs.aId();
        String a1 = entry("10:00:00", "x", null);
        String a2 = entry("10:00:01", "x", null);
        a.append(a1, a2).expect(200);
        String b1 = entry("10:00:02", "x", null);
        b.append(b1).expect(200);
        ApiResponse chain = sessionLogs(b, "?include_resumed=true");
        assertEquals(List.of(a1, a2, b1), items(chain));
        assertEquals("3", chain.header("X-Total-Count"));
        ApiResponse own = sessionLogs(b, "");
        assertEquals(List.of(b1), items(own));
        assertEquals("1", own.header("X-Total-Count"));
        ApiResponse first = sessionLogs(b, "?include_resumed=true&limit=2");
        assertEquals(aId + ":3", first.header("X-Next-Cursor"), "A's entries are seq 2 and 3 (1 is its state event)");
        ApiResponse second = sessionLogs(b, "?include_resumed=true&limit=2&after_seq=" + first.header("X-Next-Cursor"));
        assertEquals(List.of(b1), items(second));
        assertEquals("false", second.header("X-Has-More"));
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
