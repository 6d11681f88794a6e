package dev.tasks.domain.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a queued message sends the agent on each attempt (docs/cloud-runs.md#queued-user-messages). */
class QueuedMessageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final UUID MESSAGE = UUID.fromString("6f1d3c2a-5b4e-4d3c-9a2b-1c0d9e8f7a6b");

    private static QueuedMessage message(String content, List<ArtifactEntry> artifacts, boolean steer) {
        return new QueuedMessage(1, RunId.random(), MESSAGE, content, artifacts, steer, new UserId(7),
                QueuedMessage.Status.PENDING, T0);
    }

    @Test
    void k26_textGoesWithItsMessageId() {
        assertEquals(Map.of("jsonrpc", "2.0", "method", "user_message", "params",
                Map.of("content", "Hello agent", "messageId", MESSAGE.toString())),
                message("Hello agent", List.of(), false).envelope(true));
    }

    @Test
    void k40_anArtifactOnlyMessageHasNoContentKey() {
        ArtifactEntry a1 = ArtifactEntry.fromManifest(Map.of("id", "a1", "name", "a1.txt"));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) message(null, List.of(a1), false).envelope(true).get("params");
        assertFalse(params.containsKey("content"));
        assertEquals(List.of(Map.of("id", "a1", "name", "a1.txt")), params.get("artifacts"));
        assertEquals(MESSAGE.toString(), params.get("messageId"));
    }

    @Test
    void k41_steerIsSentOnlyWhenAskedAndNotOnTheResendAfterADecline() {
        QueuedMessage steering = message("now", List.of(), true);
        assertEquals(true, ((Map<?, ?>) steering.envelope(true).get("params")).get("steer"));
        assertFalse(((Map<?, ?>) steering.envelope(false).get("params")).containsKey("steer"));
        assertFalse(((Map<?, ?>) message("x", List.of(), false).envelope(true).get("params")).containsKey("steer"));
    }

    @Test
    void aMessageIsGivenUpAnHourAfterItWasQueued() {
        QueuedMessage message = message("x", List.of(), false);
        assertFalse(message.isExpired(T0.plusSeconds(3600)));
        assertTrue(message.isExpired(T0.plusSeconds(3601)));
    }
}
