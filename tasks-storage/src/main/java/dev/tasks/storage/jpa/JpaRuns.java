package dev.tasks.storage.jpa;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Runs in the {@code task_run} table, through JPA. */
@ApplicationScoped
public class JpaRuns implements Runs {

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Override
    public Page<Run> list(TaskId task, PageRequest page) {
        long count = em.createQuery("select count(r) from RunEntity r where r.taskId = :task", Long.class)
                .setParameter("task", task.value()).getSingleResult();
        if (count == 0 || page.offset() >= count) {
            return new Page<>(count, List.of());
        }
        List<Run> items = em.createQuery("select r from RunEntity r where r.taskId = :task"
                        + " order by r.createdAt desc, r.id desc", RunEntity.class)
                .setParameter("task", task.value())
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(RunEntity::toDomain).toList();
        return new Page<>(count, items);
    }

    @Override
    public Optional<Run> find(TaskId task, RunId id) {
        return em.createQuery("select r from RunEntity r where r.id = :id and r.taskId = :task", RunEntity.class)
                .setParameter("id", id.value()).setParameter("task", task.value())
                .getResultStream().findFirst().map(RunEntity::toDomain);
    }

    @Override
    public Optional<Run> find(RunId id) {
        return Optional.ofNullable(em.find(RunEntity.class, id.value())).map(RunEntity::toDomain);
    }

    @Override
    public Optional<Run> lock(TaskId task, RunId id) {
        return lock(id, entity -> entity.taskId.equals(task.value()));
    }

    @Override
    public Optional<Run> lock(RunId id) {
        return lock(id, entity -> true);
    }

    private Optional<Run> lock(RunId id, Predicate<RunEntity> belongs) {
        RunEntity entity = em.find(RunEntity.class, id.value());
        if (entity == null || !belongs.test(entity)) {
            return Optional.empty();
        }
        // The entity may already be in the persistence context (the task lookup joins its latest run),
        // so re-read it under the lock rather than trust the copy read before.
        em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
        return Optional.of(entity.toDomain());
    }

    @Override
    public List<Run> unfinishedCloudRuns(TaskId task) {
        return em.createQuery("select r from RunEntity r where r.taskId = :task and r.environment = 'cloud'"
                        + " and r.status not in ('completed', 'failed', 'cancelled') order by r.createdAt, r.id",
                        RunEntity.class)
                .setParameter("task", task.value())
                .getResultStream().map(RunEntity::toDomain).toList();
    }

    @Override
    public List<Run> unfinishedCloudRuns(RunId after, int limit) {
        var query = em.createQuery("select r from RunEntity r where r.environment = 'cloud'"
                + " and r.status not in ('completed', 'failed', 'cancelled')"
                + (after == null ? "" : " and r.id > :after") + " order by r.id", RunEntity.class);
        if (after != null) {
            query.setParameter("after", after.value());
        }
        return query.setMaxResults(limit).getResultStream().map(RunEntity::toDomain).toList();
    }

    @Override
    public void add(Run run) {
        em.persist(new RunEntity(run));
        em.flush();
        em.createQuery("update TaskEntity t set t.latestRunId = :run where t.id = :task")
                .setParameter("run", run.id().value()).setParameter("task", run.task().value())
                .executeUpdate();
    }

    @Override
    public void update(Run run) {
        RunEntity entity = em.find(RunEntity.class, run.id().value());
        entity.copy(run);
        em.flush();
    }
}
