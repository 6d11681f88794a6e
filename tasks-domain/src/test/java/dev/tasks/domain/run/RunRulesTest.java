package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** State, PATCH and output (docs/runs.md, "State", "Updating a run", "Output" and "Output schemas"). */
class RunRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:01:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T00:02:00Z");

    static Run run(Map<String, Object> state) {
        return Run.create(RunId.random(), new TaskId(UUID.randomUUID()), new ProjectId(1), RunEnvironment.LOCAL, null,
                state, T0);
    }

    static RunChanges state(Map<String, Object> state, List<String> remove) {
        return new RunChanges(Change.keep(), Change.keep(), Change.keep(), Change.keep(), state, remove,
                Change.keep(), Change.keep());
    }

    @Test
    void removalComesBeforeTheMergeAndProtectedKeysAreUntouchable() {
        Map<String, Object> persisted = new LinkedHashMap<>();
        persisted.put("mode", "background");
        persisted.put("sandbox_id", "s");
        persisted.put("pending_user_message", "m");
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("scratch", 1);
        sent.put("sandbox_id", "hijack");
        sent.put("model", "y");
        sent.put("pending_user_message", "again");
        Map<String, Object> merged = RunState.merge(persisted, sent,
                List.of("pending_user_message", "sandbox_id", "absent"));
        assertEquals("s", merged.get("sandbox_id"));
        assertFalse(merged.containsKey("model"));
        assertEquals("again", merged.get("pending_user_message"), "removed and sent ends up set");
        assertEquals(1, merged.get("scratch"));
        assertEquals(List.of("mode", "sandbox_id", "scratch", "pending_user_message"), List.copyOf(merged.keySet()));
    }

    @Test
    void completedAtIsStampedOnceAndNeverCleared() {
        Run queued = run(Map.of("mode", "background"));
        Run running = queued.apply(RunChanges.status(RunStatus.IN_PROGRESS), T1);
        assertNull(running.completedAt());
        Run failed = running.apply(RunChanges.status(RunStatus.FAILED), T1);
        assertEquals(T1, failed.completedAt());
        Run again = failed.apply(RunChanges.status(RunStatus.COMPLETED), T2);
        assertEquals(T1, again.completedAt());
        assertEquals(T1, again.apply(RunChanges.status(RunStatus.IN_PROGRESS), T2).completedAt());
        assertEquals(T2, again.updatedAt());
    }

    @Test
    void patchMergesObjectsAndReplacesAnythingElse() {
        assertEquals(Map.of("head_branch", "b", "pr_url", "u"),
                RunOutput.merge(Map.of("head_branch", "b"), Map.of("pr_url", "u")));
        assertNull(RunOutput.merge(Map.of("a", 1), null));
        assertEquals(List.of(1), RunOutput.merge(Map.of("a", 1), List.of(1)));
        assertEquals(Map.of("a", 1), RunOutput.merge("text", Map.of("a", 1)));
    }

    @Test
    void prMergedBelongsToTheServer() {
        assertEquals(Map.of("pr_url", "u"), RunOutput.merge(null, Map.of("pr_url", "u", "pr_merged", true)));
        Map<String, Object> stored = Map.of("pr_url", "u", "pr_merged", true);
        assertEquals(stored, RunOutput.merge(stored, Map.of("pr_url", "u")));
        assertEquals(Map.of("pr_url", "u", "pr_merged", true, "note", "x"), RunOutput.merge(stored, Map.of("note", "x")));
        assertEquals(Map.of("pr_url", "v"), RunOutput.merge(stored, Map.of("pr_url", "v")));
        assertEquals(Map.of("pr_url", "u", "pr_merged", true), RunOutput.replace(stored, Map.of("pr_url", "u")));
        assertEquals(Map.of("b", 2), RunOutput.replace(Map.of("a", 1), Map.of("b", 2)));
    }
}
