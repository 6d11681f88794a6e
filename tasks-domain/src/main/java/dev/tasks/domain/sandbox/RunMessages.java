package dev.tasks.domain.sandbox;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.slack.QueuedRelay;
import dev.tasks.domain.slack.SlackThread;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run's outgoing messages, each channel delivered one message at a time in the order they were
 * queued: follow-up messages for the run's agent (docs/cloud-runs.md#queued-user-messages) and the agent's answers
 * relayed into the run's Slack thread (docs/cloud-runs.md#relaying-the-agents-answers). Writes join the caller's
 * transaction, so a message exists exactly when the request that queued it committed.
 */
public interface RunMessages {

    /** Queues a message; its sequence is greater than that of every message queued before it. */
    QueuedMessage queue(RunId run, String content, List<ArtifactEntry> artifacts, boolean steer, UserId author,
                        Instant now);

    Optional<QueuedMessage> find(long sequence);

    /** Whether a message of the same run queued before this one is still pending. */
    boolean hasEarlierPending(QueuedMessage message);

    /** Queues an answer for the run's Slack thread {@code mapping}, under a new relay id. */
    QueuedRelay queueRelay(RunId run, String text, SlackThread mapping, Instant now);

    /** A relay that is still pending. */
    Optional<QueuedRelay> findPendingRelay(long sequence);

    /** Whether a relay of the same run queued before this one is still pending. */
    boolean hasEarlierPending(QueuedRelay relay);

    /** Records the end of a message's or a relay's delivery (delivered, failed or cancelled). */
    void finish(long sequence, QueuedMessage.Status status, Instant now);

    /** Cancels every pending message of a run for its agent (its run ended); returns how many. */
    int cancelPending(RunId run, Instant now);
}
