package dev.tasks.web.runs;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PR authorship of a cloud run (docs/runs.md#pr-authorship). A user-authored run needs the caller's GitHub token,
 * or is downgraded to the bot when the creator starts it in a project with a GitHub integration.
 *
 * @param tokenGiven whether the request carried {@code github_user_token}
 */
public record Authorship(boolean tokenGiven) {

    static final String MODE = "pr_authorship_mode";
    static final String CREDENTIAL_SOURCE = "github_credential_source";

    /** Whether a run of this state is authored with the token its caller gave, to be stored with it. */
    public static boolean usesCallerToken(Map<String, Object> state) {
        return "caller_token".equals(state.get(CREDENTIAL_SOURCE));
    }

    /** The outcome: the state to store, and whether the run was downgraded to the bot. */
    public record Resolution(Map<String, Object> state, boolean downgraded) {
    }

    public Resolution resolve(Map<String, Object> state, Task task, Caller caller, boolean projectHasGithub) {
        if (!"user".equals(state.get(MODE))) {
            return new Resolution(state, false);
        }
        Map<String, Object> resolved = new LinkedHashMap<>(state);
        if (tokenGiven) {
            resolved.put(CREDENTIAL_SOURCE, "caller_token");
            return new Resolution(resolved, false);
        }
        if (task.createdBy() == null || !task.createdBy().equals(caller.userId())) {
            throw refused("User-authored runs must be started by the task creator, or provide github_user_token.");
        }
        if (!projectHasGithub) {
            throw refused("Link a GitHub account with repo access before running user-authored cloud tasks.");
        }
        resolved.put(MODE, "bot");
        return new Resolution(resolved, true);
    }

    private static InvalidValueException refused(String detail) {
        return new InvalidValueException(MODE, detail, "github_authorization_required");
    }
}
