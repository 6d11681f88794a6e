package dev.tasks.domain.sandbox;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON-RPC 2.0 command for a run's agent (docs/cloud-runs.md#command-requests), checked against its method's
 * parameter rules. {@code user_message} is queued ({@link UserMessage}); the others are forwarded as they came.
 *
 * @param params a JSON object (plain Java values), never null
 * @param id a string, a number, or null when the request had none
 */
public record AgentCommand(CommandMethod method, Map<String, Object> params, Object id) {

    /** The request field parameter refusals are reported against. */
    public static final String PARAMS = "params";

    public AgentCommand {
        Objects.requireNonNull(method, "method");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
        if (id != null && !(id instanceof String) && !(id instanceof Number)) {
            throw new InvalidValueException("id", "id must be a string or number");
        }
        switch (method) {
            case USER_MESSAGE -> UserMessage.of(params);
            case PERMISSION_RESPONSE -> requireTexts(params,
                    "permission_response requires non-empty requestId and optionId strings", "requestId", "optionId");
            case SET_CONFIG_OPTION -> requireTexts(params,
                    "set_config_option requires non-empty configId and value strings", "configId", "value");
            case CANCEL, CLOSE -> {
                // No parameters to check: whatever came is forwarded.
            }
        }
    }

    /**
     * The request the agent server is sent (docs/cloud-runs.md#forwarded-commands): {@code params} left out when empty,
     * {@code id} when absent; a numeric id stays a number.
     */
    public Map<String, Object> envelope() {
        return envelope(method, params, id);
    }

    /** The JSON-RPC request of {@code method}, as {@link #envelope()} builds it, for params the service made. */
    static Map<String, Object> envelope(CommandMethod method, Map<String, Object> params, Object id) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("jsonrpc", "2.0");
        envelope.put("method", method.wireName());
        if (!params.isEmpty()) {
            envelope.put("params", params);
        }
        if (id != null) {
            envelope.put("id", id);
        }
        return envelope;
    }

    private static void requireTexts(Map<String, Object> params, String message, String... names) {
        for (String name : names) {
            if (!(params.get(name) instanceof String text) || text.isEmpty()) {
                throw new InvalidValueException(PARAMS, message);
            }
        }
    }
}
