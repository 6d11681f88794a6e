package dev.tasks.domain.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The agent's environment (docs/cloud-runs.md#the-agents-environment) and connection-token claims
 * (docs/cloud-runs.md#connection-tokens).
 */
class AgentEnvironmentTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");
    private static final AgentEnvironment.Inputs INPUTS = new AgentEnvironment.Inputs("http://127.0.0.1:8000/",
            "phx_sandbox", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "caller-token",
            "project-token");

    private static Run run(Map<String, Object> state) {
        return Run.create(RunId.random(), new TaskId(UUID.randomUUID()), new ProjectId(42), RunEnvironment.CLOUD, null,
                state, T0);
    }

    @Test
    void k43_theAgentGetsTheApiItsKeyItsProjectAndTheVerificationKey() {
        Map<String, String> environment = AgentEnvironment.of(run(Map.of("mode", "background")), INPUTS);
        assertEquals(Map.of("POSTHOG_API_URL", "http://127.0.0.1:8000", "POSTHOG_PERSONAL_API_KEY", "phx_sandbox",
                "POSTHOG_PROJECT_ID", "42", "JWT_PUBLIC_KEY", INPUTS.jwtPublicKey(), "IS_SANDBOX", "1",
                "LLM_GATEWAY_URL", "http://127.0.0.1:8000/api/llm",
                "GITHUB_TOKEN", "project-token", "GH_TOKEN", "project-token"), environment);
    }

    @Test
    void modelCallsGoToTheServicesGatewayUnlessAnotherIsNamed() {
        var external = new AgentEnvironment.Inputs("http://127.0.0.1:8000", "k", "pem", null, null,
                " https://gateway.example.com/llm ");
        assertEquals("https://gateway.example.com/llm",
                AgentEnvironment.of(run(Map.of()), external).get("LLM_GATEWAY_URL"));
    }

    @Test
    void theRuntimeChoicesAreSetOnlyWhenTheRunMadeThem() {
        Map<String, String> environment = AgentEnvironment.of(run(Map.of("runtime_adapter", "codex", "model", "gpt-5",
                "reasoning_effort", "high")), INPUTS);
        assertEquals("codex", environment.get("POSTHOG_CODE_RUNTIME_ADAPTER"));
        assertEquals("gpt-5", environment.get("POSTHOG_CODE_MODEL"));
        assertEquals("high", environment.get("POSTHOG_CODE_REASONING_EFFORT"));
        assertFalse(environment.containsKey("POSTHOG_AGENT_RUNTIME"));
        assertFalse(environment.containsKey("POSTHOG_TASK_RUN_EVENT_INGEST_TOKEN"));
    }

    @Test
    void theCallersTokenIsUsedOnlyForCallerTokenRunsAndNothingWhenThereIsNone() {
        assertEquals("caller-token", AgentEnvironment.of(run(Map.of("github_credential_source", "caller_token")),
                INPUTS).get("GH_TOKEN"));
        var none = new AgentEnvironment.Inputs("http://x", "k", "pem", null, null);
        assertFalse(AgentEnvironment.of(run(Map.of()), none).containsKey("GITHUB_TOKEN"));
    }

    @Test
    void k44_aHandOffResumesTheRunsOwnConversationOtherwiseThePreviousRuns() {
        Run handedOff = run(Map.of("handoff_resumed", true, "resume_from_run_id", "other"));
        assertEquals(handedOff.id().toString(), AgentEnvironment.of(handedOff, INPUTS).get("POSTHOG_RESUME_RUN_ID"));
        assertEquals("prev", AgentEnvironment.of(run(Map.of("resume_from_run_id", "prev")), INPUTS)
                .get("POSTHOG_RESUME_RUN_ID"));
        assertFalse(AgentEnvironment.of(run(Map.of()), INPUTS).containsKey("POSTHOG_RESUME_RUN_ID"));
    }

    @Test
    void k1_tokenClaimsNameTheRunTheCallerAndTheModeForADay() {
        User user = new User(new UserId(7), UUID.randomUUID(), "distinct-7", "u@example.com", "", "", false, true, T0,
                null);
        Run run = run(Map.of());
        ConnectionClaims claims = ConnectionClaims.of(run, user, T0);
        assertEquals(run.id(), claims.run());
        assertEquals(new ProjectId(42), claims.team());
        assertEquals("distinct-7", claims.distinctId());
        assertEquals("background", claims.mode());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), claims.issuedAt(), "whole seconds");
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), claims.expiresAt());
        assertEquals("interactive", ConnectionClaims.of(run(Map.of("mode", "interactive")), user, T0).mode());
        assertEquals("background", ConnectionClaims.of(run(Map.of("mode", "other")), user, T0).mode());
    }
}
