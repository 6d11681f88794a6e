package dev.tasks.domain.sandbox;

import dev.tasks.domain.run.Run;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The environment variables the agent server of a run's sandbox is started with
 * (docs/cloud-runs.md#the-agents-environment): where the API is and the key to use it, the project, the public key that
 * verifies connection tokens, the run's runtime choices, where its model calls go (the service's model gateway unless
 * another is named), the GitHub token and the run whose conversation it resumes.
 */
public final class AgentEnvironment {

    private AgentEnvironment() {
    }

    /**
     * What the environment is made of besides the run itself.
     *
     * @param llmGatewayUrl where the agent sends its model calls; null for the service's own gateway,
     *                      {@code <apiUrl>/api/llm}
     */
    public record Inputs(String apiUrl, String sandboxKey, String jwtPublicKey, String callerGithubToken,
                         String projectGithubToken, String llmGatewayUrl) {
        public Inputs {
            Objects.requireNonNull(apiUrl, "apiUrl");
            Objects.requireNonNull(sandboxKey, "sandboxKey");
            Objects.requireNonNull(jwtPublicKey, "jwtPublicKey");
        }

        public Inputs(String apiUrl, String sandboxKey, String jwtPublicKey, String callerGithubToken,
                      String projectGithubToken) {
            this(apiUrl, sandboxKey, jwtPublicKey, callerGithubToken, projectGithubToken, null);
        }
    }

    public static Map<String, String> of(Run run, Inputs inputs) {
        Map<String, String> environment = new LinkedHashMap<>();
        String apiUrl = inputs.apiUrl().replaceAll("/+$", "");
        environment.put("POSTHOG_API_URL", apiUrl);
        environment.put("POSTHOG_PERSONAL_API_KEY", inputs.sandboxKey());
        environment.put("POSTHOG_PROJECT_ID", Long.toString(run.project().value()));
        environment.put("JWT_PUBLIC_KEY", inputs.jwtPublicKey());
        putIfSet(environment, "POSTHOG_CODE_RUNTIME_ADAPTER", run.runtimeAdapter());
        putIfSet(environment, "POSTHOG_CODE_MODEL", run.model());
        putIfSet(environment, "POSTHOG_CODE_REASONING_EFFORT", run.reasoningEffort());
        environment.put("IS_SANDBOX", "1");
        environment.put("LLM_GATEWAY_URL", inputs.llmGatewayUrl() == null || inputs.llmGatewayUrl().isBlank()
                ? apiUrl + "/api/llm" : inputs.llmGatewayUrl().strip());
        String github = "caller_token".equals(run.state().get("github_credential_source"))
                ? inputs.callerGithubToken() : inputs.projectGithubToken();
        putIfSet(environment, "GITHUB_TOKEN", github);
        putIfSet(environment, "GH_TOKEN", github);
        if (Boolean.TRUE.equals(run.state().get("handoff_resumed"))) {
            environment.put("POSTHOG_RESUME_RUN_ID", run.id().toString());
        } else if (run.state().get("resume_from_run_id") instanceof String previous && !previous.isEmpty()) {
            environment.put("POSTHOG_RESUME_RUN_ID", previous);
        }
        return Collections.unmodifiableMap(environment);
    }

    private static void putIfSet(Map<String, String> environment, String name, String value) {
        if (value != null && !value.isEmpty()) {
            environment.put(name, value);
        }
    }
}
