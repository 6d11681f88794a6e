package dev.tasks.web.runs;

import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.web.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The entries the server appends to a run's sequence (logs-and-stream.md §6.4). */
public final class RunEvents {

    static final String RUN_STATE = "task_run_state";

    private RunEvents() {
    }

    /** A snapshot of the run, appended on every change of it (runs.md §5.5). */
    public static NewEntry state(Run run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", RUN_STATE);
        body.put("run_id", run.id().toString());
        body.put("task_id", run.task().toString());
        body.put("status", run.status().wireName());
        body.put("stage", run.stage());
        body.put("output", run.output());
        body.put("branch", run.branch());
        body.put("error_message", run.errorMessage());
        body.put("updated_at", Json.offsetTimestamp(run.updatedAt()));
        body.put("completed_at", Json.offsetTimestamp(run.completedAt()));
        return new NewEntry(EntryKind.EVENT, Json.text(body), RUN_STATE, null);
    }
}
