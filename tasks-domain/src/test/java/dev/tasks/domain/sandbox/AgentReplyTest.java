package dev.tasks.domain.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.shared.Unavailable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code command/} reports for each way a call to the agent ends (docs/cloud-runs.md#outcomes-and-timeouts). */
class AgentReplyTest {

    private static Unavailable refusal(AgentReply reply) {
        return assertThrows(Unavailable.class, reply::commandResult);
    }

    @Test
    void k22_aSuccessfulAnswerIsPassedOnVerbatimEvenWithAJsonRpcError() {
        byte[] body = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602}}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, new AgentReply.Answered(200, body, null).commandResult());
        assertArrayEquals(body, new AgentReply.Answered(204, body, null).commandResult());
    }

    @Test
    void k19_k20_k21_failedAnswersReportTheAgentsErrorOrTheirStatus() {
        assertEquals("Missing authorization header",
                refusal(new AgentReply.Answered(401, new byte[0], "Missing authorization header")).getMessage());
        assertEquals("No active session for this run",
                refusal(new AgentReply.Answered(400, new byte[0], "No active session for this run")).getMessage());
        assertEquals("Agent server returned 500", refusal(new AgentReply.Answered(500, new byte[0], null)).getMessage());
        assertEquals("Agent server authentication failed",
                refusal(new AgentReply.Answered(401, new byte[0], null)).getMessage());
        assertEquals("Agent server rejected the command",
                refusal(new AgentReply.Answered(400, new byte[0], null)).getMessage());
        assertEquals("Agent server returned 302", refusal(new AgentReply.Answered(302, new byte[0], null)).getMessage());
    }

    @Test
    void k17_k18_noAnswerIsUnreachableTimedOutOrFailed() {
        Unavailable unreachable = refusal(new AgentReply.Unreachable());
        assertEquals("Agent server is not reachable", unreachable.getMessage());
        assertFalse(unreachable.isTimedOut());
        Unavailable late = refusal(new AgentReply.TimedOut());
        assertEquals("Agent server request timed out", late.getMessage());
        assertTrue(late.isTimedOut());
        assertEquals("Failed to send command to agent server", refusal(new AgentReply.Failed()).getMessage());
    }
}
