package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.storage.json.JsonColumns;
import dev.tasks.storage.secret.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Integrations in the relational database; their secrets encrypted with the {@link SecretBox}. */
@ApplicationScoped
public class JpaIntegrations implements Integrations {

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Inject
    SecretBox secretBox;

    @Override
    public List<Integration> ofProject(ProjectId project) {
        return em.createQuery("select i from IntegrationEntity i where i.projectId = :project order by i.id",
                        IntegrationEntity.class)
                .setParameter("project", project.value())
                .getResultStream().map(this::toDomain).toList();
    }

    @Override
    public Optional<Integration> find(ProjectId project, long id) {
        return Optional.ofNullable(em.find(IntegrationEntity.class, id))
                .filter(entity -> entity.projectId == project.value())
                .map(this::toDomain);
    }

    @Override
    public Optional<Integration> first(ProjectId project, IntegrationKind kind) {
        return em.createQuery("select i from IntegrationEntity i where i.projectId = :project and i.kind = :kind"
                        + " order by i.id", IntegrationEntity.class)
                .setParameter("project", project.value()).setParameter("kind", kind.wireName())
                .setMaxResults(1)
                .getResultStream().findFirst().map(this::toDomain);
    }

    @Override
    public Integration add(ProjectId project, IntegrationKind kind, String displayName, Map<String, Object> config,
                           Map<String, Object> secrets, UserId createdBy, Instant now) {
        var entity = new IntegrationEntity();
        entity.projectId = project.value();
        entity.kind = kind.wireName();
        entity.displayName = displayName == null || displayName.isEmpty() ? kind.wireName() : displayName;
        entity.config = JsonColumns.write(config == null ? Map.of() : config);
        entity.sensitiveConfig = seal(secrets);
        entity.createdAt = now;
        entity.createdById = createdBy == null ? null : createdBy.value();
        em.persist(entity);
        em.flush();
        return toDomain(entity);
    }

    @Override
    public void update(Integration integration) {
        IntegrationEntity entity = em.find(IntegrationEntity.class, integration.id());
        entity.displayName = integration.displayName();
        entity.config = JsonColumns.write(integration.config());
        entity.sensitiveConfig = seal(integration.secrets());
    }

    @Override
    public void delete(Integration integration) {
        em.createQuery("update TaskEntity t set t.githubIntegrationId = null where t.githubIntegrationId = :id")
                .setParameter("id", integration.id()).executeUpdate();
        IntegrationEntity entity = em.find(IntegrationEntity.class, integration.id());
        if (entity != null) {
            em.remove(entity);
        }
    }

    private byte[] seal(Map<String, Object> secrets) {
        return secretBox.seal(JsonColumns.write(secrets == null ? Map.of() : secrets).getBytes(StandardCharsets.UTF_8));
    }

    private Integration toDomain(IntegrationEntity entity) {
        Map<String, Object> secrets = entity.sensitiveConfig == null ? Map.of()
                : JsonColumns.readObject(new String(secretBox.open(entity.sensitiveConfig), StandardCharsets.UTF_8));
        return new Integration(entity.id, new ProjectId(entity.projectId), IntegrationKind.fromWire(entity.kind),
                entity.displayName, JsonColumns.readObject(entity.config), secrets, entity.createdAt,
                entity.createdById == null ? null : new UserId(entity.createdById));
    }
}
