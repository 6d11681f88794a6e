package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.identity.Users;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users in the relational database. */
@ApplicationScoped
public class JpaUsers implements Users {

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Inject
    DatabaseNotifications notifications;

    @Override
    public Optional<User> find(UserId id) {
        return Optional.ofNullable(em.find(UserEntity.class, id.value())).map(UserEntity::toDomain);
    }

    @Override
    public boolean anyExist() {
        return !em.createQuery("select u.id from UserEntity u", Long.class).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public boolean emailTaken(String normalizedEmail) {
        return !em.createQuery("select u.id from UserEntity u where u.email = :email", Long.class)
                .setParameter("email", normalizedEmail).getResultList().isEmpty();
    }

    @Override
    public User create(NewUser user, Instant now) {
        var entity = new UserEntity();
        entity.uuid = user.uuid();
        entity.distinctId = user.distinctId();
        entity.email = User.normalizeEmail(user.email());
        entity.firstName = user.firstName() == null ? "" : user.firstName();
        entity.lastName = user.lastName() == null ? "" : user.lastName();
        entity.staff = user.staff();
        entity.active = true;
        entity.dateJoined = now;
        entity.currentProjectId = user.currentProject() == null ? null : user.currentProject().value();
        em.persist(entity);
        em.flush();
        return entity.toDomain();
    }

    @Override
    public void update(User user) {
        em.find(UserEntity.class, user.id().value()).copy(user);
        notifications.announceIdentityChange(em);
    }

    @Override
    public Page<User> all(PageRequest page) {
        long count = em.createQuery("select count(u) from UserEntity u", Long.class).getSingleResult();
        List<User> items = em.createQuery("select u from UserEntity u order by u.id", UserEntity.class)
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(UserEntity::toDomain).toList();
        return new Page<>(count, items);
    }
}
