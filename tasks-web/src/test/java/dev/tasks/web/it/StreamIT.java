package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.web.it.Fixtures.Member;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code stream/} (docs/logs-and-stream.md#the-live-stream). */
class StreamIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";
    static final List<String> KEEPALIVE = List.of("event: keepalive", "data: {\"type\": \"keepalive\"}");
    static final List<String> STREAM_END = List.of("event: stream-end", "data: {\"status\": \"complete\"}");

    private record Run(Member member, String path) {
        void append(String... entries) {
            member.api().send("POST", path + "append_log/", LogsIT.body(entries), "application/json").expect(200);
        }

        void status(String status) {
            member.api().patch(path, Map.of("status", status)).expect(200);
        }

        SseClient stream(String query, Map<String, String> headers) {
            return SseClient.open(member.api().root().resolve(path + "stream/" + query), member.api().key(), headers);
        }
    }

    private Run newRun() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "stream")).get("id").asText();
        String runs = TASKS + task + "/runs/";
        return new Run(member, runs + member.api().post(runs, Map.of()).expect(201).json().get("id").asText() + "/");
    }

    static List<String> data(long id, String body) {
        return List.of("id: " + id, "data: " + body);
    }

    static JsonNode payload(List<String> frame) throws Exception {
        return ApiResponse.JSON.readTree(frame.get(frame.size() - 1).substring("data: ".length()));
    }

    @Test
    void l26_fullReplayOfAFinishedRun() throws Exception {
        Run run = newRun();
        String console = LogsIT.entry("10:00:00", "_posthog/console", null);
        run.append(console);
        run.status("completed");
        try (SseClient stream = run.stream("", Map.of())) {
            assertEquals(200, stream.status());
            assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals("no-cache", stream.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("no", stream.headers().firstValue("X-Accel-Buffering").orElse(""));
            assertEquals(String.valueOf(30 * 86_400), stream.headers().firstValue("X-Stream-Retention-Seconds").orElse(""));
            List<List<String>> frames = stream.untilClosed(10);
            assertEquals(5, frames.size(), frames.toString());
            assertEquals(KEEPALIVE, frames.get(0));
            assertEquals("id: 1", frames.get(1).get(0));
            JsonNode created = payload(frames.get(1));
            assertEquals("task_run_state", created.get("type").asText());
            assertEquals("queued", created.get("status").asText());
            assertEquals(data(2, console), frames.get(2));
            assertEquals("id: 3", frames.get(3).get(0));
            JsonNode completed = payload(frames.get(3));
            assertEquals("completed", completed.get("status").asText());
            assertTrue(completed.get("completed_at").asText().matches("\\d{4}-.*\\.\\d{6}\\+00:00"), completed.toString());
            assertEquals(List.of("type", "run_id", "task_id", "status", "stage", "output", "branch", "error_message",
                    "updated_at", "completed_at"), TasksIT.fieldNames(completed));
            assertEquals(STREAM_END, frames.get(4));
        }
    }

    @Test
    void l27_l33_lastEventId() throws Exception {
        Run run = newRun();
        run.append(LogsIT.entry("10:00:00", "_posthog/console", null));
        String output = LogsIT.entry("10:00:01", "_posthog/sandbox_output", null);
        run.append(output);
        run.status("completed");
        for (String header : List.of("2", "log-2")) {
            try (SseClient stream = run.stream("", Map.of("Last-Event-ID", header))) {
                List<List<String>> frames = stream.untilClosed(10);
                assertEquals(KEEPALIVE, frames.get(0));
                assertEquals(data(3, output), frames.get(1));
                assertEquals("id: 4", frames.get(2).get(0));
                assertEquals(STREAM_END, frames.get(3));
                assertEquals(4, frames.size());
            }
        }
        try (SseClient beyond = run.stream("", Map.of("Last-Event-ID", "999"))) {
            List<List<String>> frames = beyond.untilClosed(10);
            assertEquals(List.of(KEEPALIVE, STREAM_END), frames, "an id of another, longer run replays nothing");
        }
        for (String garbage : List.of("abc", "-1", "log-", "1.5", "99999999999999999999")) {
            try (SseClient stream = run.stream("", Map.of("Last-Event-ID", garbage))) {
                assertEquals(400, stream.status());
                JsonNode error = ApiResponse.JSON.readTree(stream.errorBody());
                assertEquals("invalid_input", error.get("code").asText());
                assertEquals("Invalid Last-Event-ID", error.get("detail").asText());
                assertTrue(error.get("attr").isNull());
            }
        }
    }

    @Test
    void l28_startLatestDeliversOnlyNewEntriesLive() throws Exception {
        Run run = newRun();
        run.status("in_progress");
        for (int i = 0; i < 5; i++) {
            run.append(LogsIT.entry("10:00:0" + i, "x", null));
        }
        try (SseClient stream = run.stream("?start=latest", Map.of())) {
            assertEquals(KEEPALIVE, stream.next(5));
            String fresh = LogsIT.entry("10:01:00", "_posthog/console", null);
            long appended = System.nanoTime();
            run.append(fresh);
            List<String> frame = stream.next(5);
            assertTrue(System.nanoTime() - appended < 1_000_000_000L, "delivered within a second");
            assertEquals(fresh, frame.get(1).substring("data: ".length()));
            run.status("completed");
            List<List<String>> rest = stream.untilClosed(10);
            assertEquals("completed", payload(rest.get(0)).get("status").asText());
            assertEquals(STREAM_END, rest.get(1));
            assertEquals(2, rest.size());
        }
    }

    @Test
    void l29_startLatestOnAFinishedRunGivesTheFinalState() throws Exception {
        Run run = newRun();
        run.append(LogsIT.entry("10:00:00", "x", null));
        run.status("completed");
        try (SseClient stream = run.stream("?start=latest", Map.of())) {
            List<List<String>> frames = stream.untilClosed(10);
            assertEquals(KEEPALIVE, frames.get(0));
            assertEquals("completed", payload(frames.get(1)).get("status").asText());
            assertEquals(STREAM_END, frames.get(2));
            assertEquals(3, frames.size());
        }
    }

    @Test
    void l30_keepaliveAfterTwentySecondsOfSilence() throws Exception {
        Run run = newRun();
        run.status("in_progress");
        try (SseClient stream = run.stream("?start=latest", Map.of())) {
            assertEquals(KEEPALIVE, stream.next(5));
            long opened = System.nanoTime();
            assertEquals(KEEPALIVE, stream.next(25));
            assertTrue(System.nanoTime() - opened >= 19_000_000_000L, "not before 20 s of silence");
        }
    }

    @Test
    void streamsNeedReadAccess() throws Exception {
        Run run = newRun();
        Member other = fixtures().newMember(run.member().project());
        try (SseClient stream = SseClient.open(other.api().root().resolve(run.path() + "stream/"), other.api().key(),
                Map.of())) {
            assertEquals(404, stream.status());
        }
    }
}
