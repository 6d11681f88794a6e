package dev.tasks.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A sandbox provider for {@link CloudAgentIT}, packed into its WAR and selected by name: it hands each
 * request to {@link AgentStub} in the test JVM (whose address it finds in the system property
 * {@value #AGENT_URL}), which records it and answers with the sandbox the test programmed, or refuses.
 */
public final class StubAgentProvider implements SandboxProvider {

    static final String NAME = "stub-agent";
    static final String AGENT_URL = "tasks.it.agent.url";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sandbox create(SandboxRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", request.project().value());
        body.put("task", request.task().toString());
        body.put("run", request.run().toString());
        body.put("repository", request.repository());
        body.put("mode", request.mode());
        body.put("artifacts", request.artifacts().stream().map(ArtifactEntry::id).toList());
        body.put("ttl_seconds", request.ttl() == null ? null : request.ttl().toSeconds());
        body.put("environment", request.environment());
        JsonNode answer = call("/sandboxes", body);
        if (answer.has("error")) {
            throw new SandboxException(answer.get("error").asText());
        }
        return new Sandbox(answer.get("id").asText(), answer.get("url").asText(),
                answer.path("connect_token").isTextual() ? answer.get("connect_token").asText() : null);
    }

    @Override
    public void destroy(String sandboxId) {
        call("/sandboxes/" + sandboxId + "/destroy", Map.of());
    }

    @Override
    public boolean isEnvironmentAccessible(ProjectId project, UserId user, UUID environment) {
        return false;
    }

    @Override
    public List<String> extraAllowedUrlPatterns() {
        return List.of("https://*.stub-provider.test");
    }

    /** POSTs {@code body} as JSON to {@link AgentStub} and returns its JSON answer. */
    static JsonNode call(String path, Object body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(System.getProperty(AGENT_URL)
                            + path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SandboxException("the stub agent is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted", e);
        }
    }
}
