package dev.tasks.domain.run;

import dev.tasks.domain.shared.WireEnum;

/** Where a run stands. There is no state machine: any status may follow any other. */
public enum RunStatus implements WireEnum {
    NOT_STARTED, QUEUED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static RunStatus fromWire(String name) {
        return WireEnum.fromWire(RunStatus.class, name);
    }
}
