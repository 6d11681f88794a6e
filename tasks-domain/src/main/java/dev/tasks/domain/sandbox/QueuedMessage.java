package dev.tasks.domain.sandbox;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.WireEnum;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@code user_message} waiting for, or past, its delivery to the run's agent
 * (docs/cloud-runs.md#queued-user-messages). {@code sequence} orders the messages of a run; {@code messageId} is sent
 * with every attempt, so the agent takes a message once however often it is delivered.
 *
 * @param content the message text, or null
 * @param artifacts the manifest entries the message names
 */
public record QueuedMessage(long sequence, RunId run, UUID messageId, String content, List<ArtifactEntry> artifacts,
                            boolean steer, UserId author, Status status, Instant createdAt) {

    /** How long a message is retried before it is given up. */
    public static final Duration DELIVERY_WINDOW = Duration.ofHours(1);

    /** Where a message is in its life. */
    public enum Status implements WireEnum {
        PENDING, DELIVERED, FAILED, CANCELLED;

        public static Status fromWire(String name) {
            return WireEnum.fromWire(Status.class, name);
        }
    }

    public QueuedMessage {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        artifacts = List.copyOf(artifacts);
    }

    /** Whether the delivery window has passed at {@code now}. */
    public boolean isExpired(Instant now) {
        return now.isAfter(createdAt.plus(DELIVERY_WINDOW));
    }

    /**
     * The {@code user_message} command the agent is sent: {@code content} left out when absent,
     * {@code artifacts} when empty, {@code steer} when false (unless {@code withSteer} is false, for the
     * resend after a declined steer).
     */
    public Map<String, Object> envelope(boolean withSteer) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (content != null) {
            params.put("content", content);
        }
        if (!artifacts.isEmpty()) {
            params.put("artifacts", artifacts.stream().map(ArtifactEntry::toManifest).toList());
        }
        params.put("messageId", messageId.toString());
        if (steer && withSteer) {
            params.put("steer", true);
        }
        return AgentCommand.envelope(CommandMethod.USER_MESSAGE, params, null);
    }
}
