package dev.tasks.web.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.sandbox.AgentReply;
import dev.tasks.domain.sandbox.AgentServers;
import dev.tasks.domain.sandbox.QueuedMessage;
import dev.tasks.domain.sandbox.RunMessages;
import dev.tasks.domain.sandbox.SandboxNotReady;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.web.cloud.CloudRunJobs.Delivery;
import dev.tasks.web.http.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code run.message} job (docs/cloud-runs.md#queued-user-messages): delivers a queued message to the run's agent,
 * one message of a run at a time and in order, each attempt with the message's own {@code messageId}.
 * The agent answers when its turn ends, so an attempt may take minutes; it runs on a job thread, never
 * on a request's, and holds no transaction while it waits.
 */
@ApplicationScoped
public class MessageDelivery {

    /** How soon a message behind another of the same run looks again. */
    static final Duration BEHIND_ANOTHER = Duration.ofSeconds(1);

    @Inject
    CloudRunJobs jobs;

    @Inject
    AgentCommands commands;

    @Inject
    AgentConnections connections;

    @Inject
    AgentServers agents;

    @Inject
    CloudSettings settings;

    @Inject
    RunMessages messages;

    /** One attempt; a failure that may pass is thrown, so the job runner tries again after its backoff. */
    public void deliver(long sequence) {
        Delivery delivery = jobs.messageToDeliver(sequence).orElse(null);
        if (delivery == null) {
            return;
        }
        QueuedMessage message = delivery.message();
        if (messages.hasEarlierPending(message)) {
            throw RetryLater.waiting(BEHIND_ANOTHER, "an earlier message of the run is still being delivered");
        }
        URI agent;
        try {
            agent = commands.agentOf(delivery.run());
        } catch (SandboxNotReady notYet) {
            throw new IllegalStateException("the run's sandbox is not up yet");
        } catch (InvalidValueException refused) {
            jobs.messageRefused(message, "A message was not delivered: " + refused.getMessage());
            return;
        }
        String token = connections.token(delivery.run(), delivery.author());
        String connect = AgentCommands.connectToken(delivery.run());
        AgentReply reply = agents.send(agent, connect, token, message.envelope(true), settings.commandTimeout()).join();
        if (stopReason(reply).equals("steer_declined")) {
            reply = agents.send(agent, connect, token, message.envelope(false), settings.commandTimeout()).join();
        }
        switch (reply) {
            case AgentReply.Answered answered when answered.isSuccess() && rpcError(answered) != null ->
                    jobs.messageRefused(message, "The agent refused a message: " + rpcError(answered));
            case AgentReply.Answered answered when answered.isSuccess() -> jobs.messageDelivered(message);
            case AgentReply.Answered answered when answered.status() == 401 ->
                    jobs.messageRefused(message, "The agent refused a message: "
                            + (answered.error() == null ? "authentication failed" : answered.error()));
            default -> throw new IllegalStateException("the agent did not take the message: " + describe(reply));
        }
    }

    private static String stopReason(AgentReply reply) {
        if (reply instanceof AgentReply.Answered answered && answered.isSuccess()) {
            JsonNode body = tree(answered);
            return body.path("result").path("stopReason").asText("");
        }
        return "";
    }

    /** The message of a JSON-RPC {@code error} in a successful answer, or null. */
    private static String rpcError(AgentReply.Answered answered) {
        JsonNode error = tree(answered).path("error");
        if (error.isMissingNode() || error.isNull()) {
            return null;
        }
        return error.path("message").asText(error.toString());
    }

    private static JsonNode tree(AgentReply.Answered answered) {
        try {
            return Json.tree(new String(answered.body(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    private static String describe(AgentReply reply) {
        return switch (reply) {
            case AgentReply.Answered answered -> "HTTP " + answered.status()
                    + (answered.error() == null ? "" : " " + answered.error());
            case AgentReply.Unreachable unreachable -> "not reachable";
            case AgentReply.TimedOut timedOut -> "timed out";
            case AgentReply.Failed failed -> "failed";
        };
    }
}
