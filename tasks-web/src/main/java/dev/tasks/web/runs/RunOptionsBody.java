package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.run.RunOptions;
import dev.tasks.domain.run.RunState;
import dev.tasks.domain.run.RuntimeSelection;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import dev.tasks.web.http.Json;
import java.util.Map;
import java.util.UUID;

/**
 * The run options of a request body (docs/runs.md#run-options), shared by {@code POST runs/} and
 * {@code tasks/{id}/run/}.
 */
public final class RunOptionsBody {

    private RunOptionsBody() {
    }

    /**
     * The run options of docs/runs.md#run-options, each checked with PostHog's messages, then the cross-field rules.
     *
     * @param acceptsState whether the body may add keys to the state ({@code POST runs/} does,
     *                     {@code tasks/{id}/run/} does not)
     */
    public static RunOptions parse(Fields fields, boolean acceptsState) {
        String mode = fields.choice("mode", text -> switch (text) {
            case "interactive", "background" -> text;
            default -> null;
        }, false).orElse(null);
        String branch = fields.string("branch", Text.of(255).blankAllowed().nullAllowed()).orElse(null);
        String adapter = fields.choice("runtime_adapter",
                text -> RuntimeSelection.ADAPTERS.contains(text) ? text : null, false).orElse(null);
        String model = fields.string("model", Text.of(255)).orElse(null);
        String effort = fields.choice("reasoning_effort",
                text -> RuntimeSelection.EFFORTS.contains(text) ? text : null, false).orElse(null);
        String permissionMode = fields.string("initial_permission_mode", Text.of(Fields.UNLIMITED)).orElse(null);
        String authorship = fields.choice("pr_authorship_mode",
                text -> "user".equals(text) || "bot".equals(text) ? text : null, false).orElse(null);
        String runSource = fields.choice("run_source",
                text -> "manual".equals(text) || "signal_report".equals(text) ? text : null, false).orElse(null);
        String signalReport = fields.string("signal_report_id", Text.of(255).blankAllowed().nullAllowed()).orElse(null);
        UUID sandboxEnvironment = fields.uuid("sandbox_environment_id", false).orElse(null);
        ObjectNode extraState = acceptsState ? fields.object("state", true).orElse(null) : null;
        var runtime = new RuntimeSelection(adapter, model, effort, permissionMode);
        try {
            runtime.validate();
        } catch (InvalidValueException e) {
            throw fields.invalidInput(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = extraState == null ? Map.of()
                : RunState.withoutProtected((Map<String, Object>) Json.plain(extraState));
        return new RunOptions(mode, branch, runtime, authorship, runSource, signalReport, sandboxEnvironment, extra);
    }

    /**
     * {@code github_user_token} (docs/runs.md#run-options): write-only, any length, blank allowed; null when not sent.
     */
    public static String githubUserToken(Fields fields) {
        return fields.string("github_user_token", Text.of(Fields.UNLIMITED).blankAllowed()).orElse(null);
    }
}
