package dev.tasks.web.slack;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.sandbox.QueuedMessage;
import dev.tasks.domain.sandbox.RunMessages;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.domain.slack.QueuedRelay;
import dev.tasks.domain.slack.SlackJobs;
import dev.tasks.domain.slack.SlackMessages;
import dev.tasks.domain.slack.SlackMessages.Outcome;
import dev.tasks.domain.slack.SlackThread;
import dev.tasks.domain.slack.SlackThreads;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.runs.RunLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Slack thread mappings, {@code relay_message/} and the Slack jobs (docs/cloud-runs.md#slack). A job posts through
 * {@link SlackMessages} and turns the outcome into its fate: done, retried after Slack's {@code Retry-After}, retried
 * with backoff, or failed for good.
 */
@ApplicationScoped
@Transactional
public class SlackService {

    private static final Logger LOG = Logger.getLogger(SlackService.class.getName());

    @Inject
    RunLookup lookup;

    @Inject
    Runs runStore;

    @Inject
    SlackThreads threads;

    @Inject
    SlackMessages messages;

    @Inject
    Integrations integrations;

    @Inject
    RunMessages relays;

    @Inject
    SlackJobs jobs;

    @Inject
    Clock clock;

    /** A mapping as a request states it: everything but the ids and times. */
    public record MappingRequest(long integration, String channel, String threadTs, String workspaceId, UUID run,
                                 String mentioningUserId) {
    }

    /** The result of a POST: the mapping and whether it is new (201) or re-pointed (200). */
    public record Mapped(SlackThread thread, boolean created) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SlackThread> list(Project project, Caller caller, TaskId taskId) {
        return threads.list(lookup.task(project, caller, taskId, TaskAccess.RUN_READ).id());
    }

    public Mapped map(Project project, Caller caller, TaskId taskId, MappingRequest request) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        boolean slack = integrations.find(project.id(), request.integration())
                .filter(found -> found.kind() == IntegrationKind.SLACK).isPresent();
        if (!slack) {
            throw new InvalidValueException("integration", "Integration must belong to the same team");
        }
        RunId run = null;
        if (request.run() != null) {
            run = runStore.find(task.id(), new RunId(request.run())).map(Run::id).orElseThrow(() ->
                    new InvalidValueException("task_run", "Run must belong to this task"));
        }
        Instant now = Timestamps.now(clock);
        SlackThread wanted = new SlackThread(UUID.randomUUID(), task.id(), request.integration(), request.channel(),
                request.threadTs(), request.workspaceId(), run, request.mentioningUserId(), now, now);
        Optional<SlackThread> existing = threads.find(request.integration(), request.channel(), request.threadTs());
        SlackThread saved = existing.map(thread -> thread.repointed(wanted, now)).orElse(wanted);
        threads.save(saved);
        return new Mapped(saved, existing.isEmpty());
    }

    public void unmap(Project project, Caller caller, TaskId taskId, String mappingId) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        UUID id;
        try {
            id = UUID.fromString(mappingId);
        } catch (IllegalArgumentException e) {
            throw NotFound.addressed();
        }
        if (!threads.delete(task.id(), id)) {
            throw NotFound.addressed();
        }
    }

    /**
     * The {@code slack.pr_update} job (docs/cloud-runs.md#pull-request-announcements): the run's thread as it is now is
     * the one posted to.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void deliverPullRequest(TaskId task, RunId runId, String prUrl) {
        Optional<Run> run = runStore.find(task, runId);
        Optional<SlackThread> mapping = threads.mappingOf(task, runId);
        if (run.isEmpty() || mapping.isEmpty()) {
            LOG.info(() -> "slack.pr_update for run " + runId + ": no Slack thread, nothing to post");
            return;
        }
        Outcome outcome = post(run.get(), mapping.get().integration(), mapping.get().channel(),
                mapping.get().threadTs(), "Pull request: " + prUrl, "slack.pr_update for run " + runId);
        if (outcome instanceof Outcome.Failed failed) {
            LOG.warning("slack.pr_update for run " + runId + " failed for good: " + LogSafe.text(failed.error()));
        }
    }

    /**
     * {@code relay_message/} (docs/cloud-runs.md#relaying-the-agents-answers): the agent's answer queued for the run's
     * Slack thread, or skipped (empty) when the run has ended, has no thread, or there is nothing to post.
     */
    public Optional<UUID> relay(Project project, Caller caller, TaskId taskId, RunId runId, String text,
                                List<String> parts) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run run = lookup.find(task, runId);
        Optional<SlackThread> mapping = threads.mappingOf(task.id(), run.id());
        Optional<String> message = QueuedRelay.textOf(text, parts);
        if (run.status().isTerminal() || mapping.isEmpty() || message.isEmpty()) {
            return Optional.empty();
        }
        try {
            QueuedRelay relay = relays.queueRelay(run.id(), message.get(), mapping.get(), Timestamps.now(clock));
            jobs.relay(relay.sequence());
            return Optional.of(relay.relayId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not queue a Slack relay for run " + run.id(), LogSafe.throwable(e));
            throw Unavailable.of("Failed to queue Slack relay");
        }
    }

    /**
     * The {@code slack.relay} job (docs/cloud-runs.md#relaying-the-agents-answers): one relay of a run at a time, in
     * order, into the thread it was queued for.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void deliverRelay(long sequence) {
        Optional<QueuedRelay> pending = relays.findPendingRelay(sequence);
        if (pending.isEmpty()) {
            return;
        }
        QueuedRelay relay = pending.get();
        if (relays.hasEarlierPending(relay)) {
            throw RetryLater.waiting(Duration.ofSeconds(1), "an earlier relay of the run is still pending");
        }
        Optional<Run> run = runStore.find(relay.run());
        String label = "slack.relay " + relay.relayId() + " of run " + relay.run();
        Outcome outcome = run.isEmpty() ? new Outcome.Failed("run not found")
                : post(run.get(), relay.integration(), relay.channel(), relay.threadTs(), relay.text(), label);
        if (outcome instanceof Outcome.Failed failed) {
            LOG.warning(label + " failed for good: " + LogSafe.text(failed.error()));
            relays.finish(sequence, QueuedMessage.Status.FAILED, Timestamps.now(clock));
        } else {
            relays.finish(sequence, QueuedMessage.Status.DELIVERED, Timestamps.now(clock));
        }
    }

    /**
     * Posts into a thread with the integration's bot token; a passing failure is thrown (after
     * Slack's {@code Retry-After}, or with backoff) so the job runs again.
     */
    private Outcome post(Run run, long integration, String channel, String threadTs, String text, String label) {
        Optional<String> token = integrations.find(run.project(), integration)
                .flatMap(found -> found.secret("access_token"));
        if (token.isEmpty()) {
            return new Outcome.Failed("the Slack integration has no token");
        }
        Outcome outcome = messages.post(token.get(), channel, threadTs, text);
        switch (outcome) {
            case Outcome.RetryAfter later -> {
                LOG.info(label + " rate-limited; retrying in " + later.delay());
                throw new RetryLater(later.delay(), "Slack rate limit");
            }
            case Outcome.Retry retry -> {
                LOG.info(label + " failed for now (" + LogSafe.text(retry.reason()) + "); retrying");
                throw new IllegalStateException("Slack failed for now: " + retry.reason());
            }
            default -> {
                return outcome;
            }
        }
    }
}
