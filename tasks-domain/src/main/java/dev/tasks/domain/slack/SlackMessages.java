package dev.tasks.domain.slack;

import java.time.Duration;

/** Posts messages into Slack threads ({@code chat.postMessage}) and says what became of each. */
public interface SlackMessages {

    Outcome post(String botToken, String channel, String threadTs, String text);

    /** What became of a message (docs/cloud-runs.md#relaying-the-agents-answers). */
    sealed interface Outcome {
        /** Slack took it. */
        record Delivered() implements Outcome {
        }

        /** Rate-limited: try again after {@code delay}. */
        record RetryAfter(Duration delay) implements Outcome {
        }

        /** A passing failure (network, 5xx, Slack's internal errors): try again with backoff. */
        record Retry(String reason) implements Outcome {
        }

        /** Slack refused it for good ({@code invalid_auth}, {@code channel_not_found}, ...). */
        record Failed(String error) implements Outcome {
        }
    }
}
