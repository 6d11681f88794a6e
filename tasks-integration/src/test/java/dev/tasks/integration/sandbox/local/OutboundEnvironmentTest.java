package dev.tasks.integration.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** npm, git and the agent learn how the machine reaches the network, and nothing else of the service. */
class OutboundEnvironmentTest {

    private static final Map<String, String> SERVICE = Map.of(
            "NODE_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt",
            "HTTPS_PROXY", "http://proxy:3128",
            "npm_config_registry", "https://registry.example/",
            "TASKS_DB_PASSWORD", "secret",
            "TASKS_LLM_API_KEY", "sk-secret",
            "PATH", "/usr/bin");

    @Test
    void fetchersGetTrustAndRoutesOnly() {
        assertEquals(Map.of("NODE_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt",
                "HTTPS_PROXY", "http://proxy:3128", "npm_config_registry", "https://registry.example/"),
                OutboundEnvironment.fetching(SERVICE));
    }

    @Test
    void theAgentGetsTrustOnly() {
        assertEquals(Map.of("NODE_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt"),
                OutboundEnvironment.of(SERVICE, OutboundEnvironment.TRUST));
    }
}
