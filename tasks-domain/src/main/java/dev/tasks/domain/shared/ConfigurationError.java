package dev.tasks.domain.shared;

import java.util.Locale;
import java.util.Optional;

/**
 * A setting of the installation is wrong, so the service cannot start (or cannot do what the setting
 * is for). Its message names the setting twice, as the MicroProfile Config key an administrator sets
 * with {@code asadmin set-config-property} and as the environment variable, and says what is wrong
 * and what would be right. Start-up reports it as one plain line rather than a stack trace.
 */
public final class ConfigurationError extends IllegalStateException {

    private static final long serialVersionUID = 1L;
    /** How a start refused for a failure begins its one line in the log; the run command looks for it. */
    public static final String CANNOT_START = "The Tasks service cannot start: ";

    private final String key;

    /**
     * @param key     the MicroProfile Config key, e.g. {@code tasks.sandbox.provider}
     * @param problem what is wrong and what would be right, e.g. "'x' is not a sandbox provider; use none or local"
     */
    public ConfigurationError(String key, String problem) {
        super("Setting " + key + " (environment variable " + environmentVariable(key) + "): " + problem);
        this.key = key;
    }

    public ConfigurationError(String key, String problem, Throwable cause) {
        this(key, problem);
        initCause(cause);
    }

    /** The one line a start refused for this error logs. */
    public String startFailure() {
        return CANNOT_START + getMessage();
    }

    /** The MicroProfile Config key at fault. */
    public String key() {
        return key;
    }

    /** The environment variable MicroProfile Config maps to a key: {@code tasks.db.url} → {@code TASKS_DB_URL}. */
    public static String environmentVariable(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The first configuration error among a failure and its causes, if there is one. */
    public static Optional<ConfigurationError> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationError error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}
