package dev.tasks.domain.run;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent runtime a new run asks for (docs/runs.md#runtime-and-model-selection): adapter, model,
 * reasoning effort and initial permission mode, checked together. The provider follows from the
 * adapter and is never chosen.
 */
public record RuntimeSelection(String adapter, String model, String reasoningEffort, String initialPermissionMode) {

    public static final List<String> ADAPTERS = List.of("claude", "codex");
    /** The providers the adapters imply ({@link #provider()}). */
    public static final List<String> PROVIDERS = List.of("anthropic", "openai");
    public static final List<String> EFFORTS = List.of("low", "medium", "high", "xhigh", "max", "ultracode");

    private static final Map<String, List<String>> PERMISSION_MODES = Map.of(
            "claude", List.of("default", "acceptEdits", "plan", "bypassPermissions", "auto"),
            "codex", List.of("plan", "auto", "read-only", "full-access"));

    private static final List<String> LOW_TO_HIGH = List.of("low", "medium", "high");
    private static final List<String> TO_MAX = List.of("low", "medium", "high", "xhigh", "max");
    private static final List<String> ALL = EFFORTS;

    /**
     * The built-in table of reasoning efforts (docs/runs.md#runtime-and-model-selection): adapter → model (lower-case)
     * → allowed efforts; {@code *} for any other.
     */
    private static final Map<String, Map<String, List<String>>> ALLOWED_EFFORTS = Map.of(
            "claude", Map.ofEntries(
                    Map.entry("claude-opus-4-5", LOW_TO_HIGH), Map.entry("claude-sonnet-4-6", LOW_TO_HIGH),
                    Map.entry("claude-opus-4-6", TO_MAX),
                    Map.entry("claude-opus-4-7", ALL), Map.entry("claude-opus-4-8", ALL),
                    Map.entry("claude-opus-5", ALL), Map.entry("claude-fable-5", ALL),
                    Map.entry("claude-sonnet-5", ALL),
                    Map.entry("@cf/zai-org/glm-5.2", List.of("high", "max")),
                    Map.entry("*", List.of())),
            "codex", Map.of(
                    "gpt-5.6-sol", TO_MAX, "gpt-5.6-terra", TO_MAX, "gpt-5.6-luna", TO_MAX,
                    "gpt-5.5", List.of("low", "medium", "high", "xhigh"),
                    "*", LOW_TO_HIGH));

    /** {@code anthropic} for claude, {@code openai} for codex, else null. */
    public String provider() {
        if (adapter == null) {
            return null;
        }
        return switch (adapter) {
            case "claude" -> "anthropic";
            case "codex" -> "openai";
            default -> null;
        };
    }

    /** Applies the cross-field rules in order; the per-field checks have already passed. */
    public void validate() {
        if (adapter != null || model != null || reasoningEffort != null) {
            if (adapter == null) {
                throw new InvalidValueException("runtime_adapter", "This field is required when selecting a cloud runtime.");
            }
            if (model == null) {
                throw new InvalidValueException("model", "This field is required when selecting a cloud runtime.");
            }
        }
        if (initialPermissionMode != null) {
            if (adapter == null) {
                throw new InvalidValueException("initial_permission_mode",
                        "This field requires runtime_adapter to be set.");
            }
            List<String> modes = PERMISSION_MODES.get(adapter);
            if (!modes.contains(initialPermissionMode)) {
                throw new InvalidValueException("initial_permission_mode", "Invalid choice '" + initialPermissionMode
                        + "' for runtime_adapter '" + adapter + "'. Supported values: "
                        + modes.stream().map(mode -> "'" + mode + "'").collect(Collectors.joining(", ")) + ".");
            }
        }
        validateEffort();
    }

    /**
     * Rule 3 alone: the reasoning effort allowed for the adapter and model. {@code tasks/{id}/run/}
     * applies it again after inheriting the runtime of the run it resumes (docs/runs.md#starting-a-new-cloud-run).
     */
    public void validateEffort() {
        if (reasoningEffort != null) {
            List<String> allowed = allowedEfforts(adapter, model);
            if (!allowed.contains(reasoningEffort)) {
                throw new InvalidValueException("reasoning_effort", "Reasoning effort '" + reasoningEffort
                        + "' is not supported for runtime_adapter '" + adapter + "' and model '" + model
                        + "'. Supported values: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ".");
            }
        }
    }

    static List<String> allowedEfforts(String adapter, String model) {
        Map<String, List<String>> models = ALLOWED_EFFORTS.getOrDefault(adapter, Map.of());
        if (model == null) {
            return List.of();
        }
        return models.getOrDefault(model.toLowerCase(Locale.ROOT), models.getOrDefault("*", List.of()));
    }
}
