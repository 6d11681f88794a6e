package dev.tasks.domain.run;

import dev.tasks.domain.shared.WireEnum;

/** Where a run executes: on a user's machine, or in a sandbox the service provisions. */
public enum RunEnvironment implements WireEnum {
    LOCAL, CLOUD;

    public static RunEnvironment fromWire(String name) {
        return WireEnum.fromWire(RunEnvironment.class, name);
    }
}
