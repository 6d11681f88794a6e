package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Permission modes, reasoning efforts and the cross-field rules (docs/runs.md#runtime-and-model-selection). */
class RuntimeSelectionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "claude|claude-sonnet-4-6|low, medium, high",
            "claude|Claude-Opus-4-6|low, medium, high, xhigh, max",
            "claude|claude-opus-5|low, medium, high, xhigh, max, ultracode",
            "claude|@cf/zai-org/glm-5.2|high, max",
            "claude|moonshotai/kimi-k3|",
            "claude|anything-else|",
            "codex|gpt-5.6-sol|low, medium, high, xhigh, max",
            "codex|gpt-5.5|low, medium, high, xhigh",
            "codex|gpt-5.4|low, medium, high"})
    void effortTable(String adapter, String model, String allowed) {
        assertEquals(allowed == null ? List.of() : List.of(allowed.split(", ")),
                RuntimeSelection.allowedEfforts(adapter, model));
    }

    @Test
    void refusalsNameTheFieldAndTheAllowedValues() {
        var effort = assertThrows(InvalidValueException.class,
                () -> new RuntimeSelection("codex", "gpt-5.4", "max", null).validate());
        assertEquals("reasoning_effort", effort.field());
        assertEquals("Reasoning effort 'max' is not supported for runtime_adapter 'codex' and model 'gpt-5.4'. "
                + "Supported values: low, medium, high.", effort.getMessage());
        var mode = assertThrows(InvalidValueException.class,
                () -> new RuntimeSelection("codex", "gpt-5.4", null, "default").validate());
        assertEquals("Invalid choice 'default' for runtime_adapter 'codex'. Supported values: 'plan', 'auto', "
                + "'read-only', 'full-access'.", mode.getMessage());
        assertEquals("model", assertThrows(InvalidValueException.class,
                () -> new RuntimeSelection("claude", null, null, null).validate()).field());
        assertEquals("runtime_adapter", assertThrows(InvalidValueException.class,
                () -> new RuntimeSelection(null, null, "low", null).validate()).field());
        new RuntimeSelection("codex", "gpt-5.3-codex", "medium", "full-access").validate();
        new RuntimeSelection(null, null, null, null).validate();
        assertEquals("openai", new RuntimeSelection("codex", "m", null, null).provider());
        assertEquals("anthropic", new RuntimeSelection("claude", "m", null, null).provider());
    }
}
