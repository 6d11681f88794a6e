package dev.tasks.domain.slack;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A Slack thread mapped to a task, and optionally to one of its runs (docs/cloud-runs.md#thread-mappings). The triple
 * (integration, channel, thread) is unique: mapping it again re-points it.
 *
 * @param run the run the thread follows, or null for the whole task
 */
public record SlackThread(UUID id, TaskId task, long integration, String channel, String threadTs,
                          String workspaceId, RunId run, String mentioningUserId, Instant createdAt,
                          Instant updatedAt) {

    public SlackThread {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(threadTs, "threadTs");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This mapping pointed at another task and run, with the details of a new request, as of {@code now}. */
    public SlackThread repointed(SlackThread request, Instant now) {
        return new SlackThread(id, request.task(), integration, channel, threadTs, request.workspaceId(),
                request.run(), request.mentioningUserId(), createdAt, now);
    }
}
