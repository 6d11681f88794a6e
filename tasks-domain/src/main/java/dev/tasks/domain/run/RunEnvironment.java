package dev.tasks.domain.run;

import java.util.Locale;

/** Where a run executes: on a user's machine, or in a sandbox the service provisions. */
public enum RunEnvironment {
    LOCAL, CLOUD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunEnvironment fromWire(String name) {
        for (RunEnvironment environment : values()) {
            if (environment.wireName().equals(name)) {
                return environment;
            }
        }
        return null;
    }
}
