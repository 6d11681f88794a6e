package dev.tasks.domain.sandbox;

import dev.tasks.domain.shared.WireEnum;

/**
 * The JSON-RPC methods a client may send a run's agent through {@code command/} (docs/cloud-runs.md#command-requests).
 */
public enum CommandMethod implements WireEnum {
    USER_MESSAGE, CANCEL, CLOSE, PERMISSION_RESPONSE, SET_CONFIG_OPTION;

    public static CommandMethod fromWire(String name) {
        return WireEnum.fromWire(CommandMethod.class, name);
    }
}
