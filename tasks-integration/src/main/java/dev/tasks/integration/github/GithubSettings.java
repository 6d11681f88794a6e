package dev.tasks.integration.github;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where GitHub's REST API is ({@code TASKS_GITHUB_API_URL}) and how hard a scan may press it. */
@ApplicationScoped
public class GithubSettings {

    @Inject
    @ConfigProperty(name = "tasks.github.api.url", defaultValue = "https://api.github.com")
    String apiUrl;

    @Inject
    @ConfigProperty(name = "tasks.readiness.scan.concurrency", defaultValue = "5")
    int scanConcurrency;

    /** The API base without a trailing slash ({@code https://<host>/api/v3} for GitHub Enterprise). */
    public String apiUrl() {
        return apiUrl.replaceAll("/+$", "");
    }

    /** How many file contents a scan fetches at once. */
    public int scanConcurrency() {
        return Math.max(1, scanConcurrency);
    }
}
