package dev.tasks.domain.slack;

import dev.tasks.domain.run.RunId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An answer of a run's agent on its way into the run's Slack thread (docs/cloud-runs.md#relaying-the-agents-answers),
 * with the thread it was mapped to when the agent relayed it.
 */
public record QueuedRelay(long sequence, RunId run, UUID relayId, String text, long integration, String channel,
                          String threadTs) {

    public QueuedRelay {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(relayId, "relayId");
        Objects.requireNonNull(text, "text");
    }

    /**
     * The text a relay posts (docs/cloud-runs.md#relaying-the-agents-answers): the last of {@code parts} that is not
     * blank, else {@code text}; trimmed; empty when there is nothing to post.
     */
    public static Optional<String> textOf(String text, List<String> parts) {
        String chosen = text;
        if (parts != null) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                if (parts.get(i) != null && !parts.get(i).isBlank()) {
                    chosen = parts.get(i);
                    break;
                }
            }
        }
        String trimmed = chosen == null ? "" : chosen.strip();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }
}
