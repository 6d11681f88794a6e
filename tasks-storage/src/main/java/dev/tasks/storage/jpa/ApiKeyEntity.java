package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.SandboxBinding;
import dev.tasks.domain.identity.Scopes;
import dev.tasks.domain.identity.UserId;
import dev.tasks.storage.json.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "personal_api_key")
class ApiKeyEntity {
    @Id
    UUID id;
    @Column(name = "user_id")
    long userId;
    String label;
    @Column(name = "secure_value")
    String secureValue;
    @Column(name = "mask_value")
    String maskValue;
    String scopes;
    @Column(name = "scoped_teams")
    String scopedTeams;
    @Column(name = "created_at")
    Instant createdAt;
    @Column(name = "last_used_at")
    Instant lastUsedAt;
    @Column(name = "sandbox_run_id")
    UUID sandboxRunId;
    @Column(name = "sandbox_task_id")
    UUID sandboxTaskId;
    @Column(name = "expires_at")
    Instant expiresAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(PersonalApiKey key) {
        id = key.id();
        userId = key.owner().value();
        label = key.label();
        secureValue = key.digest();
        maskValue = key.mask();
        scopes = JsonColumns.write(key.scopes().wireNames());
        scopedTeams = key.scopedTeams().isEmpty() ? null
                : JsonColumns.write(key.scopedTeams().stream().map(ProjectId::value).toList());
        createdAt = key.createdAt();
        lastUsedAt = key.lastUsedAt();
        if (key.sandbox() != null) {
            sandboxRunId = key.sandbox().run();
            sandboxTaskId = key.sandbox().task();
            expiresAt = key.sandbox().expiresAt();
        }
    }

    PersonalApiKey toDomain() {
        List<Long> teams = JsonColumns.readList(scopedTeams, Long.class);
        return new PersonalApiKey(id, new UserId(userId), label, secureValue, maskValue,
                Scopes.parse(JsonColumns.readList(scopes, String.class)),
                teams == null ? List.of() : teams.stream().map(ProjectId::new).toList(), createdAt, lastUsedAt,
                sandboxRunId == null ? null : binding());
    }

    /** A binding missing its task or expiry (never written so) is one that no longer admits anything. */
    private SandboxBinding binding() {
        return new SandboxBinding(sandboxRunId, sandboxTaskId == null ? sandboxRunId : sandboxTaskId,
                expiresAt == null ? Instant.EPOCH : expiresAt);
    }
}
