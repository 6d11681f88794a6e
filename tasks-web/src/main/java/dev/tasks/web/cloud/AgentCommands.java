package dev.tasks.web.cloud;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.MissingArtifacts;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.sandbox.AgentCommand;
import dev.tasks.domain.sandbox.AgentReply;
import dev.tasks.domain.sandbox.AgentServers;
import dev.tasks.domain.sandbox.QueuedMessage;
import dev.tasks.domain.sandbox.RunMessages;
import dev.tasks.domain.sandbox.SandboxNotReady;
import dev.tasks.domain.sandbox.UserMessage;
import dev.tasks.domain.shared.Conflict;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.runs.RunLookup;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code command/} (docs/cloud-runs.md#commands): a {@code user_message} is queued for the run's agent; every other
 * method is forwarded to the agent at once, with a connection token for the caller, and its outcome
 * reported as the agent gave it.
 */
@ApplicationScoped
public class AgentCommands {

    private static final Logger LOG = Logger.getLogger(AgentCommands.class.getName());

    @Inject
    RunLookup lookup;

    @Inject
    RunUpdates updates;

    @Inject
    RunMessages messages;

    @Inject
    RunJobs jobs;

    @Inject
    AgentServers agents;

    @Inject
    AgentConnections connections;

    @Inject
    CloudSettings settings;

    @Inject
    Clock clock;

    /**
     * docs/cloud-runs.md#queued-user-messages: checks the artifacts against the run's manifest and that the run still
     * takes messages, then, under the run's lock, clears {@code await_user_message} and queues the message with its
     * delivery job.
     */
    @Transactional
    public QueuedMessage queue(Project project, Caller caller, TaskId taskId, RunId runId, UserMessage message) {
        Task task = lookup.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        Run run = lookup.lock(task, runId);
        List<String> missing = run.artifacts().missingIds(message.artifactIds());
        if (!missing.isEmpty()) {
            throw MissingArtifacts.ofRun(missing);
        }
        List<ArtifactEntry> artifacts = message.artifactIds().stream()
                .map(id -> run.artifacts().byId(id).orElseThrow()).toList();
        if (!run.takesMessages()) {
            throw Conflict.of("Task run workflow has ended");
        }
        Instant now = Timestamps.now(clock);
        Run queued = run.messageQueued(now);
        if (queued != run) {
            updates.save(queued);
        }
        try {
            QueuedMessage stored = messages.queue(run.id(), message.content(), artifacts, message.steer(),
                    caller.userId(), now);
            jobs.message(stored.sequence());
            return stored;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not queue a message for run " + run.id(), LogSafe.throwable(e));
            throw Unavailable.of("Failed to queue user message for task run");
        }
    }

    /**
     * docs/cloud-runs.md#forwarded-commands: the command sent to the run's agent; the future holds the agent's body or
     * fails with a refusal.
     */
    public CompletableFuture<byte[]> forward(Project project, Caller caller, TaskId taskId, RunId runId,
                                             AgentCommand command) {
        Run run = lookup.run(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        URI agent = agentOf(run);
        return agents.send(agent, connectToken(run), connections.token(run, caller.user()), command.envelope(),
                settings.commandTimeout()).thenApply(AgentReply::commandResult);
    }

    /** The run's agent server, when its sandbox is up and its URL allowed (docs/cloud-runs.md#forwarded-commands). */
    URI agentOf(Run run) {
        if (!(run.state().get("sandbox_url") instanceof String url) || url.isBlank()) {
            throw new SandboxNotReady();
        }
        return settings.urlPolicy().allowed(url).orElseThrow(() -> new InvalidValueException(null,
                "Invalid sandbox URL"));
    }

    static String connectToken(Run run) {
        return run.state().get("sandbox_connect_token") instanceof String token && !token.isEmpty() ? token : null;
    }

    /** The body of a queued {@code user_message} (docs/cloud-runs.md#queued-user-messages). */
    public static Map<String, Object> queuedAnswer(Object id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("result", Map.of("queued", true));
        return body;
    }
}
