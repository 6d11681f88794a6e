package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.PersonalApiKeys;
import dev.tasks.domain.identity.UserId;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Personal API keys in the relational database, looked up by the digest of their value. */
@ApplicationScoped
public class JpaPersonalApiKeys implements PersonalApiKeys {

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Inject
    DatabaseNotifications notifications;

    @Inject
    IdentityCache cache;

    @Override
    public Optional<Caller> authenticate(String digest) {
        return cache.caller(digest, () -> em.createQuery("select k, u from ApiKeyEntity k"
                        + " join UserEntity u on u.id = k.userId where k.secureValue = :digest and u.active = true",
                        Object[].class)
                .setParameter("digest", digest)
                .getResultStream().findFirst()
                .map(row -> new Caller(((UserEntity) row[1]).toDomain(), ((ApiKeyEntity) row[0]).toDomain())));
    }

    @Override
    public List<PersonalApiKey> ownedBy(UserId owner) {
        return em.createQuery("select k from ApiKeyEntity k where k.userId = :owner and k.sandboxRunId is null"
                        + " order by k.createdAt desc, k.id", ApiKeyEntity.class)
                .setParameter("owner", owner.value())
                .getResultStream().map(ApiKeyEntity::toDomain).toList();
    }

    @Override
    public Optional<PersonalApiKey> find(UUID id, UserId owner) {
        return Optional.ofNullable(em.find(ApiKeyEntity.class, id))
                .filter(key -> key.userId == owner.value() && key.sandboxRunId == null)
                .map(ApiKeyEntity::toDomain);
    }

    @Override
    public int countOwnedBy(UserId owner) {
        return em.createQuery("select count(k) from ApiKeyEntity k where k.userId = :owner"
                        + " and k.sandboxRunId is null", Long.class)
                .setParameter("owner", owner.value()).getSingleResult().intValue();
    }

    @Override
    public void add(PersonalApiKey key) {
        em.persist(new ApiKeyEntity(key));
        notifications.announceIdentityChange(em);
    }

    @Override
    public boolean delete(UUID id, UserId owner) {
        boolean deleted = em.createQuery("delete from ApiKeyEntity k where k.id = :id and k.userId = :owner"
                        + " and k.sandboxRunId is null")
                .setParameter("id", id).setParameter("owner", owner.value()).executeUpdate() > 0;
        if (deleted) {
            notifications.announceIdentityChange(em);
        }
        return deleted;
    }

    @Override
    public int revokeSandboxKeys(UUID run) {
        int revoked = em.createQuery("delete from ApiKeyEntity k where k.sandboxRunId = :run")
                .setParameter("run", run).executeUpdate();
        if (revoked > 0) {
            notifications.announceIdentityChange(em);
        }
        return revoked;
    }

    @Override
    public Optional<UserId> sandboxKeyOwner(UUID run) {
        return em.createQuery("select k.userId from ApiKeyEntity k where k.sandboxRunId = :run order by k.createdAt desc",
                        Long.class)
                .setParameter("run", run).setMaxResults(1).getResultStream().findFirst().map(UserId::new);
    }

    @Override
    public void recordUse(UUID id, Instant now) {
        em.createQuery("update ApiKeyEntity k set k.lastUsedAt = :now where k.id = :id"
                        + " and (k.lastUsedAt is null or k.lastUsedAt <= :staleBefore)")
                .setParameter("now", now).setParameter("id", id)
                .setParameter("staleBefore", now.minus(PersonalApiKey.LAST_USED_RESOLUTION))
                .executeUpdate();
        cache.used(id, now);
    }
}
