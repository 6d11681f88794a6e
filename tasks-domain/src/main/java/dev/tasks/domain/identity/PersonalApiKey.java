package dev.tasks.domain.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A personal API key: the only credential of the API. It belongs to one user, carries scopes, and
 * may be limited to some projects ({@code scopedTeams}; null or empty means every project of its
 * user). Only the digest of its value is stored. A user holds at most ten keys.
 *
 * @param sandbox what a sandbox key (docs/cloud-runs.md#sandbox-keys) is bound to; null for the keys users make
 */
public record PersonalApiKey(UUID id, UserId owner, String label, String digest, String mask, Scopes scopes,
                             List<ProjectId> scopedTeams, Instant createdAt, Instant lastUsedAt,
                             SandboxBinding sandbox) {

    public static final int MAX_KEYS_PER_USER = 10;
    public static final int MAX_LABEL_LENGTH = 40;
    /** {@code last_used_at} is written at most this often, so reads do not turn into writes. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofHours(1);

    public PersonalApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(scopes, "scopes");
        scopedTeams = scopedTeams == null ? List.of() : List.copyOf(scopedTeams);
    }

    /** Whether the run's sandbox agent works with this key: its uploads are {@code uploaded_by: agent}. */
    public boolean isSandboxKey() {
        return sandbox != null;
    }

    /** Whether the key still authenticates at {@code now}: only sandbox keys expire. */
    public boolean isUsableAt(Instant now) {
        return sandbox == null || !sandbox.isExpired(now);
    }

    public boolean isLimitedToProjects() {
        return !scopedTeams.isEmpty();
    }

    /** Whether the key's project limit lets it act on {@code project}. */
    public boolean mayUse(ProjectId project) {
        return scopedTeams.isEmpty() || scopedTeams.contains(project);
    }

    public boolean lastUseIsStale(Instant now) {
        return lastUsedAt == null || !lastUsedAt.plus(LAST_USED_RESOLUTION).isAfter(now);
    }

    /** This key as it reads once a use at {@code at} is recorded. */
    public PersonalApiKey usedAt(Instant at) {
        return new PersonalApiKey(id, owner, label, digest, mask, scopes, scopedTeams, createdAt, at, sandbox);
    }
}
