package dev.tasks.integration.sandbox;

import dev.tasks.domain.sandbox.SandboxProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Selects the installation's {@link SandboxProvider} by the name in {@code TASKS_SANDBOX_PROVIDER}
 * among the implementations {@link ServiceLoader} finds on the application's class path (a provider
 * is added by putting its jar, with a {@code META-INF/services} entry, beside this one). An unknown
 * name stops the deployment, naming the providers there are.
 */
@ApplicationScoped
public class SandboxProviders {

    @Inject
    @ConfigProperty(name = "tasks.sandbox.provider", defaultValue = NoSandboxProvider.NAME)
    String selected;

    @Produces
    @ApplicationScoped
    SandboxProvider provider() {
        ServiceLoader<SandboxProvider> loader = ServiceLoader.load(SandboxProvider.class,
                SandboxProviders.class.getClassLoader());
        return loader.stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals(selected.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown sandbox provider '" + selected
                        + "' (TASKS_SANDBOX_PROVIDER); available: " + loader.stream()
                        .map(provider -> provider.get().name()).collect(Collectors.joining(", "))));
    }
}
