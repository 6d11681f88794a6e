package dev.tasks.web.slack;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.slack.SlackMessages;
import dev.tasks.domain.slack.SlackMessages.Outcome;
import dev.tasks.domain.slack.SlackThread;
import dev.tasks.domain.slack.SlackThreads;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.runs.RunLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Slack thread mappings (cloud.md §6.1) and the {@code slack.pr_update} job (§6.4). The job resolves
 * the run's mapping when it runs, posts through {@link SlackMessages}, and turns its outcome into the
 * job's fate: done, retried after Slack's {@code Retry-After}, retried with backoff, or failed for good.
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
            throw ApiException.invalidInput("Integration must belong to the same team", "integration");
        }
        RunId run = null;
        if (request.run() != null) {
            run = runStore.find(task.id(), new RunId(request.run())).map(Run::id).orElseThrow(() ->
                    ApiException.invalidInput("Run must belong to this task", "task_run"));
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
            throw ApiException.notFound();
        }
        if (!threads.delete(task.id(), id)) {
            throw ApiException.notFound();
        }
    }

    /** The {@code slack.pr_update} job (cloud.md §6.4): the run's thread as it is now is the one posted to. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void deliverPullRequest(TaskId task, RunId runId, String prUrl) {
        Optional<Run> run = runStore.find(task, runId);
        Optional<SlackThread> mapping = threads.mappingOf(task, runId);
        if (run.isEmpty() || mapping.isEmpty()) {
            LOG.info(() -> "slack.pr_update for run " + runId + ": no Slack thread, nothing to post");
            return;
        }
        Optional<String> token = integrations.find(run.get().project(), mapping.get().integration())
                .flatMap(integration -> integration.secret("access_token"));
        if (token.isEmpty()) {
            LOG.warning("slack.pr_update for run " + runId + ": the Slack integration has no token");
            return;
        }
        Outcome outcome = messages.post(token.get(), mapping.get().channel(), mapping.get().threadTs(),
                "Pull request: " + prUrl);
        switch (outcome) {
            case Outcome.Delivered delivered -> LOG.fine(() -> "Posted the pull request of run " + runId);
            case Outcome.RetryAfter later -> {
                LOG.info("slack.pr_update for run " + runId + " rate-limited; retrying in " + later.delay());
                throw new RetryLater(later.delay(), "Slack rate limit");
            }
            case Outcome.Retry retry -> {
                LOG.info("slack.pr_update for run " + runId + " failed for now ("
                        + LogSafe.text(retry.reason()) + "); retrying");
                throw new IllegalStateException("Slack failed for now: " + retry.reason());
            }
            case Outcome.Failed failed -> LOG.warning("slack.pr_update for run " + runId
                    + " failed for good: " + LogSafe.text(failed.error()));
        }
    }
}
