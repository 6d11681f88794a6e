package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A new cloud run, resuming another (docs/runs.md#starting-a-new-cloud-run), and {@code run.start} outcomes
 * (docs/cloud-runs.md#starting-the-sandbox).
 */
class CloudRunRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");
    private static final RunOptions NOTHING = new RunOptions(null, null, null, null, null, null, null, null);

    private static Run cloudRun(Map<String, Object> state) {
        return Run.create(RunId.random(), new TaskId(UUID.randomUUID()), new ProjectId(1), RunEnvironment.CLOUD, null,
                state, T0);
    }

    private static Map<String, Object> previousState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("mode", "interactive");
        state.put("pr_authorship_mode", "bot");
        state.put("run_source", "signal_report");
        state.put("signal_report_id", "report-123");
        state.put("pr_base_branch", "main");
        state.put("runtime_adapter", "codex");
        state.put("model", "gpt-5.3-codex");
        state.put("reasoning_effort", "medium");
        state.put("initial_permission_mode", "plan");
        state.put("sandbox_environment_id", "7d1c1c5e-4a9b-4b1e-9b52-0c5c3c1f4a11");
        state.put("snapshot_external_id", "snap-1");
        state.put("snapshot_mount_path", "/workspace");
        state.put("pending_user_message", "old");
        return state;
    }

    @Test
    void t52_aResumingRunInheritsWhatItDoesNotGive() {
        Run previous = cloudRun(previousState());
        Map<String, Object> state = NOTHING.resuming(previous).state();
        assertEquals(previous.id().toString(), state.get("resume_from_run_id"));
        assertEquals("background", state.get("mode"), "the mode is the request's own");
        assertEquals("bot", state.get("pr_authorship_mode"));
        assertEquals("signal_report", state.get("run_source"));
        assertEquals("report-123", state.get("signal_report_id"));
        assertEquals("main", state.get("pr_base_branch"));
        assertEquals("codex", state.get("runtime_adapter"));
        assertEquals("openai", state.get("provider"));
        assertEquals("gpt-5.3-codex", state.get("model"));
        assertEquals("medium", state.get("reasoning_effort"));
        assertEquals("7d1c1c5e-4a9b-4b1e-9b52-0c5c3c1f4a11", state.get("sandbox_environment_id"));
        assertEquals("snap-1", state.get("snapshot_external_id"));
        assertEquals("/workspace", state.get("snapshot_mount_path"));
        assertFalse(state.containsKey("snapshot_kind"), "only snapshot keys that are present are copied");
        assertFalse(state.containsKey("initial_permission_mode"), "never inherited");
        assertFalse(state.containsKey("pending_user_message"), "the prompt belongs to the new run");
    }

    @Test
    void whatTheRequestGivesWinsOverThePreviousRun() {
        Run previous = cloudRun(previousState());
        var given = new RunOptions(null, "release", new RuntimeSelection("claude", "claude-opus-4-7", null, null),
                "user", "manual", null, null, null);
        Map<String, Object> state = given.resuming(previous).state();
        assertEquals("release", state.get("pr_base_branch"));
        assertEquals("user", state.get("pr_authorship_mode"));
        assertEquals("manual", state.get("run_source"));
        assertEquals("claude", state.get("runtime_adapter"));
        assertEquals("anthropic", state.get("provider"));
        assertEquals("claude-opus-4-7", state.get("model"));
        assertEquals("medium", state.get("reasoning_effort"), "an effort not given is inherited");
        assertEquals("release", given.resuming(previous).branch());
    }

    @Test
    void t53_anInheritedEffortIsCheckedAgain() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("runtime_adapter", "codex");
        state.put("model", "gpt-5.4");
        state.put("reasoning_effort", "max");
        RuntimeSelection inherited = NOTHING.resuming(cloudRun(state)).runtime();
        InvalidValueException refused = assertThrows(InvalidValueException.class, inherited::validateEffort);
        assertEquals("reasoning_effort", refused.field());
        assertEquals("Reasoning effort 'max' is not supported for runtime_adapter 'codex' and model 'gpt-5.4'."
                + " Supported values: low, medium, high.", refused.getMessage());
        RuntimeSelection withoutModel = new RuntimeSelection("codex", null, "low", null);
        assertThrows(InvalidValueException.class, withoutModel::validateEffort, "no model allows no effort");
    }

    @Test
    void anEnvironmentCanBeDroppedAndPromptKeysAddedWhenGiven() {
        RunOptions options = new RunOptions(null, null, null, null, null, null, UUID.randomUUID(), null)
                .withoutSandboxEnvironment();
        assertNull(options.sandboxEnvironmentId());
        var request = new CloudRunRequest(options, null, "  Read the attached file first ", List.of("a1", "a2", "a1"));
        Map<String, Object> state = request.optionsWithPrompt().state();
        assertEquals("Read the attached file first", state.get("pending_user_message"));
        assertEquals(List.of("a1", "a2", "a1"), state.get("pending_user_artifact_ids"), "stored as sent");
        assertEquals(List.of("a1", "a2"), request.artifactIds(), "each staged artifact moves once");
        Map<String, Object> blank = new CloudRunRequest(NOTHING, null, "   ", null).optionsWithPrompt().state();
        assertEquals(Map.of("mode", "background"), blank);
    }

    @Test
    void onlyACloudRunThatHasNotBegunAwaitsASandbox() {
        Run queued = cloudRun(Map.of("mode", "background"));
        assertTrue(queued.awaitsSandbox());
        assertFalse(queued.apply(RunChanges.status(RunStatus.IN_PROGRESS), T1).awaitsSandbox());
        assertTrue(queued.apply(RunChanges.status(RunStatus.NOT_STARTED), T1).awaitsSandbox());
        assertFalse(RunRulesTest.run(Map.of()).awaitsSandbox(), "a local run never does");
    }

    @Test
    void aProvidedSandboxIsTakenByARunItsAgentAlreadyReportedButNotByOneThatEndedOrHasAnother() {
        Run queued = cloudRun(Map.of("mode", "background"));
        assertTrue(queued.acceptsSandbox());
        Run reported = queued.apply(RunChanges.status(RunStatus.IN_PROGRESS), T1);
        assertTrue(reported.acceptsSandbox(), "the agent reports in_progress before the provider returns");
        assertFalse(queued.apply(RunChanges.status(RunStatus.CANCELLED), T1).acceptsSandbox());
        assertFalse(queued.inSandbox("sb-1", "https://sb-1.example", null, "0123456789abcdef", T1).acceptsSandbox(),
                "superseded by another sandbox");
        assertFalse(RunRulesTest.run(Map.of()).acceptsSandbox());
    }

    @Test
    void aSandboxIsRecordedInTheStateDespiteItsProtection() {
        Run ready = cloudRun(Map.of("mode", "background")).inSandbox("sb-1", "https://sb-1.example", null,
                "0123456789abcdef", T1);
        assertEquals("sb-1", ready.state().get("sandbox_id"));
        assertEquals("https://sb-1.example", ready.state().get("sandbox_url"));
        assertEquals("0123456789abcdef", ready.state().get("sandbox_jwt_kid"));
        assertEquals(Timestamps.offsetForm(T1), ready.state().get("sandbox_started_at"));
        assertFalse(ready.state().containsKey("sandbox_connect_token"));
        assertEquals(RunStatus.QUEUED, ready.status());
        assertEquals(T1, ready.updatedAt());
        assertEquals("tok", cloudRun(Map.of()).inSandbox("sb", "u", "tok", "kid", T1).state().get("sandbox_connect_token"));
    }

    @Test
    void k36_aRunWithoutSandboxFailsOnce() {
        Run failed = cloudRun(Map.of("mode", "background")).failedToStart(T1);
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals("Failed to start sandbox", failed.errorMessage());
        assertEquals(T1, failed.completedAt());
        assertFalse(failed.awaitsSandbox());
    }

    @Test
    void r33_aResumedRunIsQueuedInTheCloudWithoutItsPreviousSandbox() {
        Run finished = cloudRun(Map.of("mode", "background", "sandbox_id", "sb-1", "sandbox_url", "u",
                "sandbox_connect_token", "t", "sandbox_jwt_kid", "k", "sandbox_started_at", "s",
                "pending_user_message", "m", "keep", "me")).cancelled("stopped", T1);
        assertTrue(finished.status().isTerminal());
        Run resumed = finished.resumedInCloud(finished.state(), T1);
        assertEquals(RunStatus.QUEUED, resumed.status());
        assertEquals(RunEnvironment.CLOUD, resumed.environment());
        assertNull(resumed.completedAt());
        assertNull(resumed.errorMessage());
        assertEquals(Map.of("mode", "interactive", "handoff_resumed", true, "keep", "me"), resumed.state());
        assertTrue(resumed.isActiveInCloud());
        assertFalse(finished.isActiveInCloud());
    }

    @Test
    void b1_aCancelledRunKeepsItsReasonAndItsFirstCompletion() {
        Run cancelled = cloudRun(Map.of()).cancelled("user stopped", T1);
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals("user stopped", cancelled.errorMessage());
        assertEquals(T1, cancelled.completedAt());
        assertNull(cloudRun(Map.of()).cancelled(null, T1).errorMessage());
    }

    @Test
    void messagesReachCloudRunsThatHaveNotEnded() {
        Run run = cloudRun(Map.of("await_user_message", true, "mode", "background"));
        assertTrue(run.takesMessages());
        Run queued = run.messageQueued(T1);
        assertEquals(Map.of("mode", "background"), queued.state());
        assertEquals(queued, queued.messageQueued(T1), "nothing to clear: the same run");
        assertFalse(run.cancelled(null, T1).takesMessages());
        assertFalse(RunRulesTest.run(Map.of()).takesMessages(), "a local run takes none");
    }

    @Test
    void theWatchdogGoesByTheSandboxesStartAndTheReleaseKeepsItsId() {
        Run ready = cloudRun(Map.of()).inSandbox("sb-1", "u", "t", "k", T0);
        Duration ttl = Duration.ofHours(6);
        assertFalse(ready.sandboxExpired(ttl, T0.plus(ttl)));
        assertTrue(ready.sandboxExpired(ttl, T0.plus(ttl).plusSeconds(1)));
        assertFalse(cloudRun(Map.of()).sandboxExpired(ttl, T1.plus(ttl).plus(ttl)), "no sandbox, no lifetime");
        Run expired = ready.sandboxLifetimeExceeded(T1);
        assertEquals(RunStatus.FAILED, expired.status());
        assertEquals("Sandbox lifetime exceeded", expired.errorMessage());
        assertFalse(expired.sandboxExpired(ttl, T1.plus(ttl).plus(ttl)), "an ended run is left alone");
        Run released = ready.sandboxReleased(T1);
        assertEquals("sb-1", released.state().get("sandbox_id"));
        assertFalse(released.state().containsKey("sandbox_url") || released.state().containsKey("sandbox_connect_token"));
    }
}
