package dev.tasks.integration.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxProvider.SandboxException;
import dev.tasks.domain.shared.ConfigurationError;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The provider is chosen by name among those registered; {@code none} fails every start
 * (docs/cloud-runs.md#sandbox-providers).
 */
class SandboxProvidersTest {

    private static SandboxProvider select(String name) {
        var providers = new SandboxProviders();
        providers.selected = name;
        return providers.provider();
    }

    @Test
    void theDefaultProviderIsRegisteredAndSelectedByName() {
        SandboxProvider none = select(" none ");
        assertTrue(none instanceof NoSandboxProvider);
        assertEquals("none", none.name());
    }

    @Test
    void noneKnowsNoEnvironmentAndStartsNoSandbox() {
        SandboxProvider none = select("none");
        assertFalse(none.isEnvironmentAccessible(new ProjectId(1), new UserId(1), UUID.randomUUID()));
        SandboxException refused = assertThrows(SandboxException.class, () -> none.create(null));
        assertEquals("No sandbox provider configured", refused.getMessage());
        none.destroy("unknown");
    }

    @Test
    void anUnknownNameStopsTheDeploymentNamingTheProvidersThereAre() {
        ConfigurationError refused = assertThrows(ConfigurationError.class, () -> select("modal"));
        assertEquals("tasks.sandbox.provider", refused.key());
        assertEquals("Setting tasks.sandbox.provider (environment variable TASKS_SANDBOX_PROVIDER): 'modal' is not a"
                + " sandbox provider this installation has; use one of: none, local", refused.getMessage());
    }
}
