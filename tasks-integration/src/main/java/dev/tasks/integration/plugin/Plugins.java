package dev.tasks.integration.plugin;

import dev.tasks.domain.shared.ConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Selects the one implementation of a port an installation names in its configuration, among those
 * {@link ServiceLoader} finds on the application's class path (an installation adds one by putting
 * its jar, with a {@code META-INF/services} entry, beside the service's own).
 */
public final class Plugins {

    private Plugins() {
    }

    /**
     * The implementation whose name is {@code selected} (surrounding blanks ignored).
     *
     * @param what    what is selected, for the error ("sandbox provider")
     * @param setting the configuration key that names it, for the error
     * @throws ConfigurationError naming the implementations there are, when none has that name
     */
    public static <T> T named(Class<T> port, Function<T, String> name, String selected, String what, String setting) {
        ServiceLoader<T> loader = ServiceLoader.load(port, Plugins.class.getClassLoader());
        String wanted = selected == null ? "" : selected.trim();
        return loader.stream()
                .map(ServiceLoader.Provider::get)
                .filter(plugin -> name.apply(plugin).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new ConfigurationError(setting, "'" + selected + "' is not a " + what
                        + " this installation has; use one of: " + loader.stream()
                        .map(plugin -> name.apply(plugin.get())).collect(Collectors.joining(", "))));
    }
}
