package dev.tasks.web.cloud;

import dev.tasks.domain.sandbox.AgentServers;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxUrlPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings of cloud runs: where commands may be sent ({@code TASKS_SANDBOX_URL_ALLOWLIST} plus the
 * provider's own patterns), how long an agent may take to answer ({@code TASKS_AGENT_COMMAND_TIMEOUT_SECONDS})
 * how long a sandbox may live ({@code TASKS_SANDBOX_TTL_SECONDS}) and which model gateway agents use
 * ({@code TASKS_LLM_GATEWAY_URL}).
 */
@ApplicationScoped
public class CloudSettings {

    @Inject
    @ConfigProperty(name = "tasks.sandbox.url.allowlist",
            defaultValue = "http://localhost,http://127.0.0.1,https://*.modal.run,https://*.modal.host")
    String allowlist;

    @Inject
    @ConfigProperty(name = "tasks.agent.command.timeout.seconds", defaultValue = "600")
    long commandTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tasks.sandbox.ttl.seconds", defaultValue = "21600")
    long sandboxTtlSeconds;

    /** {@code TASKS_LLM_GATEWAY_URL}: an external model gateway for agents instead of the service's own. */
    @Inject
    @ConfigProperty(name = "tasks.llm.gateway.url")
    Optional<String> llmGatewayUrl;

    @Inject
    SandboxProvider provider;

    private SandboxUrlPolicy urlPolicy;

    @PostConstruct
    void load() {
        List<String> patterns = new ArrayList<>(Arrays.asList(allowlist.split(",")));
        patterns.addAll(provider.extraAllowedUrlPatterns());
        urlPolicy = SandboxUrlPolicy.of(patterns);
    }

    public SandboxUrlPolicy urlPolicy() {
        return urlPolicy;
    }

    /** The longest wait for an agent's answer (docs/cloud-runs.md#outcomes-and-timeouts: 600 s by default). */
    public Duration commandTimeout() {
        return commandTimeoutSeconds > 0 ? Duration.ofSeconds(commandTimeoutSeconds) : AgentServers.COMMAND_TIMEOUT;
    }

    /** The model gateway agents are told to use, when it is not the service's own. */
    public Optional<String> llmGatewayUrl() {
        return llmGatewayUrl.map(String::strip).filter(url -> !url.isEmpty());
    }

    /** How long a sandbox may run before the watchdog ends its run (docs/cloud-runs.md#sandbox-watchdog). */
    public Duration sandboxTtl() {
        return Duration.ofSeconds(Math.max(60, sandboxTtlSeconds));
    }
}
