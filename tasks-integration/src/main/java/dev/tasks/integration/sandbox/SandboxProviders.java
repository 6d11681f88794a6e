package dev.tasks.integration.sandbox;

import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.integration.plugin.Plugins;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Selects the installation's {@link SandboxProvider} by the name in {@code TASKS_SANDBOX_PROVIDER}
 * among the implementations on the application's class path. An unknown name stops the deployment,
 * naming the providers there are.
 */
@ApplicationScoped
public class SandboxProviders {

    @Inject
    @ConfigProperty(name = "tasks.sandbox.provider", defaultValue = NoSandboxProvider.NAME)
    String selected;

    @Produces
    @ApplicationScoped
    SandboxProvider provider() {
        return Plugins.named(SandboxProvider.class, SandboxProvider::name, selected, "sandbox provider",
                "tasks.sandbox.provider");
    }

    void stop(@Disposes SandboxProvider provider) {
        provider.shutdown();
    }
}
