package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.Membership;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.identity.Projects;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Projects and memberships in the relational database. */
@ApplicationScoped
public class JpaProjects implements Projects {

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Inject
    DatabaseNotifications notifications;

    @Inject
    IdentityCache cache;

    @Override
    public Optional<Project> find(ProjectId id) {
        return Optional.ofNullable(em.find(ProjectEntity.class, id.value())).map(ProjectEntity::toDomain);
    }

    @Override
    public Project create(String name, ProjectSettings settings, Instant now) {
        var entity = new ProjectEntity();
        entity.copy(Project.checkedName(name), settings);
        entity.createdAt = now;
        em.persist(entity);
        em.flush();
        notifications.announceIdentityChange(em);
        return entity.toDomain();
    }

    @Override
    public void update(Project project) {
        em.find(ProjectEntity.class, project.id().value()).copy(project.name(), project.settings());
        notifications.announceIdentityChange(em);
    }

    @Override
    public boolean isMember(ProjectId project, UserId user) {
        return em.find(MembershipEntity.class, new MembershipEntity.Key(project.value(), user.value())) != null;
    }

    @Override
    public Optional<Project> findAccessible(ProjectId id, Access access) {
        return cache.accessible(id, access, () -> accessibleQuery("select p from ProjectEntity p", access,
                        ProjectEntity.class, " and p.id = :id")
                .setParameter("id", id.value())
                .getResultStream().findFirst().map(ProjectEntity::toDomain));
    }

    @Override
    public Page<Project> accessible(Access access, PageRequest page) {
        long count = accessibleQuery("select count(p) from ProjectEntity p", access, Long.class).getSingleResult();
        List<Project> items = accessibleQuery("select p from ProjectEntity p", access, ProjectEntity.class, " order by p.id")
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(ProjectEntity::toDomain).toList();
        return new Page<>(count, items);
    }

    @Override
    public List<Project> accessible(Access access) {
        return accessibleQuery("select p from ProjectEntity p", access, ProjectEntity.class, " order by p.id")
                .getResultStream().map(ProjectEntity::toDomain).toList();
    }

    @Override
    public Optional<ProjectId> lowestAccessible(Access access) {
        return cache.lowestAccessible(access, () -> Optional.ofNullable(
                accessibleQuery("select min(p.id) from ProjectEntity p", access, Long.class).getSingleResult())
                .map(ProjectId::new));
    }

    private <T> TypedQuery<T> accessibleQuery(String select, Access access, Class<T> type) {
        return accessibleQuery(select, access, type, "");
    }

    /** {@code select}, restricted to accessible projects, followed by {@code tail} (more conditions, order). */
    private <T> TypedQuery<T> accessibleQuery(String select, Access access, Class<T> type, String tail) {
        StringBuilder jpql = new StringBuilder(select).append(" where 1 = 1");
        if (!access.administrator()) {
            jpql.append(" and exists (select 1 from MembershipEntity m where m.key.projectId = p.id"
                    + " and m.key.userId = :user)");
        }
        if (!access.limit().isEmpty()) {
            jpql.append(" and p.id in :limit");
        }
        TypedQuery<T> query = em.createQuery(jpql.append(tail).toString(), type);
        if (!access.administrator()) {
            query.setParameter("user", access.user().value());
        }
        if (!access.limit().isEmpty()) {
            query.setParameter("limit", access.limit().stream().map(ProjectId::value).toList());
        }
        return query;
    }

    @Override
    public List<Membership> members(ProjectId project) {
        return em.createQuery("select m, u from MembershipEntity m join UserEntity u on u.id = m.key.userId"
                        + " where m.key.projectId = :project order by u.id", Object[].class)
                .setParameter("project", project.value())
                .getResultStream().map(JpaProjects::membership).toList();
    }

    @Override
    public Optional<Membership> membership(ProjectId project, UserId user) {
        return em.createQuery("select m, u from MembershipEntity m join UserEntity u on u.id = m.key.userId"
                        + " where m.key.projectId = :project and m.key.userId = :user", Object[].class)
                .setParameter("project", project.value()).setParameter("user", user.value())
                .getResultStream().findFirst().map(JpaProjects::membership);
    }

    @Override
    public Membership addMember(ProjectId project, UserId user, Instant now) {
        em.persist(new MembershipEntity(project.value(), user.value(), now));
        em.flush();
        notifications.announceIdentityChange(em);
        return membership(project, user).orElseThrow();
    }

    @Override
    public boolean removeMember(ProjectId project, UserId user) {
        MembershipEntity membership = em.find(MembershipEntity.class,
                new MembershipEntity.Key(project.value(), user.value()));
        if (membership == null) {
            return false;
        }
        em.remove(membership);
        notifications.announceIdentityChange(em);
        return true;
    }

    private static Membership membership(Object[] row) {
        MembershipEntity membership = (MembershipEntity) row[0];
        return new Membership(new ProjectId(membership.key.projectId()), ((UserEntity) row[1]).toDomain(),
                membership.joinedAt);
    }
}
