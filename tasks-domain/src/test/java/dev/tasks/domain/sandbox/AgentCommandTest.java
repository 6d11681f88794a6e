package dev.tasks.domain.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter rules (docs/cloud-runs.md#command-requests) and envelopes (docs/cloud-runs.md#forwarded-commands) of
 * commands.
 */
class AgentCommandTest {

    private static InvalidValueException refused(CommandMethod method, Map<String, Object> params, Object id) {
        return assertThrows(InvalidValueException.class, () -> new AgentCommand(method, params, id));
    }

    @Test
    void k13_userMessageNeedsContentOrArtifacts() {
        String empty = "user_message requires a non-empty content string, artifact_ids, or both";
        for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of(), Map.of("content", "   "),
                Map.of("content", 5), Map.of("artifact_ids", List.of()), Map.of("artifact_ids", "a1"),
                Map.of("artifact_ids", List.of(" ")), Map.of("artifact_ids", List.of(1)))) {
            InvalidValueException e = refused(CommandMethod.USER_MESSAGE, params, null);
            assertEquals("params", e.field());
            assertEquals(empty, e.getMessage(), params::toString);
        }
        assertEquals("steer must be a boolean",
                refused(CommandMethod.USER_MESSAGE, Map.of("content", "x", "steer", "yes"), null).getMessage());
    }

    @Test
    void aUserMessageIsTrimmedAndBlankContentCountsAsAbsent() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("content", "  hi  ");
        params.put("steer", null);
        assertEquals(new UserMessage("hi", List.of(), false), UserMessage.of(params));
        assertEquals(new UserMessage(null, List.of("a1"), true),
                UserMessage.of(Map.of("content", " ", "artifact_ids", List.of(" a1 "), "steer", true)));
    }

    @Test
    void k13_permissionResponsesAndConfigOptionsNeedTheirIds() {
        for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of(), Map.of("requestId", "r"),
                Map.of("optionId", "o"), Map.of("requestId", "", "optionId", "o"), Map.of("requestId", 1, "optionId", "o"))) {
            assertEquals("permission_response requires non-empty requestId and optionId strings",
                    refused(CommandMethod.PERMISSION_RESPONSE, params, null).getMessage());
        }
        for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of(), Map.of("configId", "c"),
                Map.of("value", "v"))) {
            assertEquals("set_config_option requires non-empty configId and value strings",
                    refused(CommandMethod.SET_CONFIG_OPTION, params, null).getMessage());
        }
        new AgentCommand(CommandMethod.PERMISSION_RESPONSE, Map.of("requestId", "r", "optionId", "o", "answers",
                Map.of("q", "a")), "id");
    }

    @Test
    void anIdIsAStringOrANumber() {
        for (Object id : List.of(true, List.of(1), Map.of())) {
            InvalidValueException e = refused(CommandMethod.CANCEL, Map.of(), id);
            assertEquals("id", e.field());
            assertEquals("id must be a string or number", e.getMessage());
        }
    }

    @Test
    void k15_k16_theEnvelopeLeavesOutEmptyParamsAndAbsentIdsAndKeepsNumbersNumbers() {
        Map<String, Object> cancel = new AgentCommand(CommandMethod.CANCEL, Map.of(), 0).envelope();
        assertEquals(Map.of("jsonrpc", "2.0", "method", "cancel", "id", 0), cancel);
        assertEquals(List.of("jsonrpc", "method", "id"), List.copyOf(cancel.keySet()));
        assertEquals(42, new AgentCommand(CommandMethod.CLOSE, null, 42).envelope().get("id"));
        Map<String, Object> permission = new AgentCommand(CommandMethod.PERMISSION_RESPONSE,
                Map.of("requestId", "r", "optionId", "o"), null).envelope();
        assertFalse(permission.containsKey("id"));
        assertEquals(Map.of("requestId", "r", "optionId", "o"), permission.get("params"));
        assertTrue(Arrays.stream(CommandMethod.values()).map(CommandMethod::wireName).toList()
                .containsAll(List.of("user_message", "cancel", "close", "permission_response", "set_config_option")));
        assertEquals(null, CommandMethod.fromWire("_posthog/user_message"));
    }
}
