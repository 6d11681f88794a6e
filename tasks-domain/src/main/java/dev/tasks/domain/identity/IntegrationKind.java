package dev.tasks.domain.identity;

import java.util.List;
import java.util.Locale;

/**
 * The systems a project can keep credentials for, and which keys each one's readable
 * {@code config} and write-only {@code sensitive_config} must hold.
 */
public enum IntegrationKind {
    /** Repository access: task repositories, bot-authored pull requests, readiness scans. */
    GITHUB(List.of(), List.of()),
    /** A Slack workspace's bot token: relayed answers and pull-request updates. */
    SLACK(List.of(), List.of("access_token")),
    /** A PostHog instance readiness asks for event and error counts. */
    POSTHOG(List.of("host", "project_id"), List.of("personal_api_key"));

    private final List<String> requiredConfig;
    private final List<String> requiredSecrets;

    IntegrationKind(List<String> requiredConfig, List<String> requiredSecrets) {
        this.requiredConfig = requiredConfig;
        this.requiredSecrets = requiredSecrets;
    }

    public List<String> requiredConfig() {
        return requiredConfig;
    }

    public List<String> requiredSecrets() {
        return requiredSecrets;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IntegrationKind fromWire(String name) {
        for (IntegrationKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
