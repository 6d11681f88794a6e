package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state a new run starts with (docs/runs.md#new-state). */
class RunOptionsTest {

    @Test
    void noOptionsGiveTheBackgroundMode() {
        assertEquals(Map.of("mode", "background"), new RunOptions(null, null, null, null, null, null, null, null).state());
    }

    @Test
    void modeThenExtraKeysThenEveryGivenOption() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("mode", "ignored");
        extra.put("resume_from_run_id", "r");
        UUID environment = UUID.randomUUID();
        var options = new RunOptions("interactive", "main", new RuntimeSelection("codex", "gpt-5.4", "high", "auto"),
                "user", "manual", "report-1", environment, extra);
        Map<String, Object> state = options.state();
        assertEquals(List.of("mode", "resume_from_run_id", "pr_base_branch", "pr_authorship_mode", "run_source",
                "signal_report_id", "runtime_adapter", "provider", "model", "reasoning_effort",
                "initial_permission_mode", "sandbox_environment_id"), List.copyOf(state.keySet()));
        assertEquals("interactive", state.get("mode"));
        assertEquals("openai", state.get("provider"));
        assertEquals(environment.toString(), state.get("sandbox_environment_id"));
    }

    @Test
    void signalReportRunsAreBotAuthored() {
        var options = new RunOptions(null, null, null, "user", "signal_report", null, null, null);
        assertEquals("bot", options.state().get("pr_authorship_mode"));
    }
}
