package dev.tasks.domain.sandbox;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the agent server of a run's sandbox (docs/cloud-runs.md#forwarded-commands): {@code POST <sandbox URL>/command}
 * with a connection token. The call holds no thread while it waits, and its future never completes
 * exceptionally: every failure is an {@link AgentReply}.
 */
public interface AgentServers {

    /** How long an agent may take to answer a command: a {@code user_message} answers when its turn ends. */
    Duration COMMAND_TIMEOUT = Duration.ofSeconds(600);

    /**
     * Sends {@code envelope} (a JSON-RPC request, plain Java values) to the agent at {@code sandboxUrl}.
     *
     * @param connectToken the provider's {@code sandbox_connect_token}, sent as the query parameter
     *                     {@code _modal_connect_token}; null for none
     * @param bearer the connection token (docs/cloud-runs.md#connection-tokens) the agent verifies
     */
    CompletableFuture<AgentReply> send(URI sandboxUrl, String connectToken, String bearer,
                                       Map<String, Object> envelope, Duration timeout);
}
