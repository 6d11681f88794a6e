package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials a project keeps for another system. {@code config} is readable through the API;
 * {@code secrets} (the API's {@code sensitive_config}) are write-only and stored encrypted. Values
 * are plain JSON values (strings, numbers, booleans, lists, maps).
 */
public record Integration(long id, ProjectId project, IntegrationKind kind, String displayName,
                          Map<String, Object> config, Map<String, Object> secrets, Instant createdAt,
                          UserId createdBy) {

    public static final int MAX_DISPLAY_NAME_LENGTH = 200;

    public Integration {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        displayName = displayName == null || displayName.isEmpty() ? kind.wireName() : displayName;
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config == null ? Map.of() : config));
        secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets == null ? Map.of() : secrets));
    }

    /** A non-empty string secret, such as a GitHub or Slack token. */
    public Optional<String> secret(String name) {
        return secrets.get(name) instanceof String value && !value.isEmpty() ? Optional.of(value) : Optional.empty();
    }

    public Integration changed(Optional<String> newDisplayName, Optional<Map<String, Object>> newConfig,
                               Optional<Map<String, Object>> newSecrets) {
        return new Integration(id, project, kind, newDisplayName.orElse(displayName), newConfig.orElse(config),
                newSecrets.orElse(secrets), createdAt, createdBy);
    }
}
