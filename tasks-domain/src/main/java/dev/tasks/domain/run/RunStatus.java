package dev.tasks.domain.run;

import java.util.Locale;

/** Where a run stands. There is no state machine: any status may follow any other. */
public enum RunStatus {
    NOT_STARTED, QUEUED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String name) {
        for (RunStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        return null;
    }
}
