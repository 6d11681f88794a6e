package dev.tasks.web.slack;

import dev.tasks.domain.slack.SlackThread;
import dev.tasks.web.http.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Slack thread mapping on the wire (docs/cloud-runs.md#thread-mappings). */
final class SlackThreadView {

    private SlackThreadView() {
    }

    static Map<String, Object> of(SlackThread thread) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", thread.id().toString());
        view.put("integration", thread.integration());
        view.put("channel", thread.channel());
        view.put("thread_ts", thread.threadTs());
        view.put("slack_workspace_id", thread.workspaceId());
        view.put("task_run", thread.run() == null ? null : thread.run().toString());
        view.put("mentioning_slack_user_id", thread.mentioningUserId());
        view.put("task", thread.task().toString());
        view.put("created_at", Json.timestamp(thread.createdAt()));
        view.put("updated_at", Json.timestamp(thread.updatedAt()));
        return view;
    }
}
