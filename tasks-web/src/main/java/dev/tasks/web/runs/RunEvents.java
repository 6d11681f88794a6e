package dev.tasks.web.runs;

import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.EntryText;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.web.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The entries the server appends to a run's sequence (docs/logs-and-stream.md#event-catalogue). */
public final class RunEvents {

    private RunEvents() {
    }

    /** A snapshot of the run, appended on every change of it (docs/logs-and-stream.md#event-catalogue). */
    public static NewEntry state(Run run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", RunEntries.RUN_STATE);
        body.put("run_id", run.id().toString());
        body.put("task_id", run.task().toString());
        body.put("status", run.status().wireName());
        body.put("stage", run.stage());
        body.put("output", run.output());
        body.put("branch", run.branch());
        body.put("error_message", run.errorMessage());
        body.put("updated_at", Json.offsetTimestamp(run.updatedAt()));
        body.put("completed_at", Json.offsetTimestamp(run.completedAt()));
        return new NewEntry(EntryKind.EVENT, EntryText.of(Json.bytes(body)), RunEntries.RUN_STATE, null);
    }

    /**
     * A job's {@code _posthog/console} notification (docs/logs-and-stream.md#event-catalogue) about the run's sandbox,
     * in the envelope the agent's own notifications use.
     *
     * @param level {@code info} or {@code error}
     */
    public static NewEntry console(Run run, String level, String message) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("sessionId", run.id().toString());
        params.put("level", level);
        params.put("message", message);
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("jsonrpc", "2.0");
        notification.put("method", RunEntries.CONSOLE);
        notification.put("params", params);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "notification");
        body.put("timestamp", Json.offsetTimestamp(run.updatedAt()));
        body.put("notification", notification);
        return new NewEntry(EntryKind.EVENT, EntryText.of(Json.bytes(body)), RunEntries.CONSOLE, run.updatedAt());
    }
}
