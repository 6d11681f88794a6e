package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.OriginProduct;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskDetails;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.TaskQuery;
import dev.tasks.domain.task.Tasks;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.db.RunRow;
import dev.tasks.storage.db.TaskRow;
import dev.tasks.storage.db.TaskVisibility;
import dev.tasks.storage.db.UserRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tasks in the relational database, with their creators and latest runs fetched in the same query. */
@ApplicationScoped
public class JpaTasks implements Tasks {

    private static final String DETAILS = "select t, u, r from TaskEntity t"
            + " left join UserEntity u on u.id = t.createdById"
            + " left join RunEntity r on r.id = t.latestRunId";

    /** {@link #DETAILS} in SQL, up to the visibility predicate: the task, its creator, its latest run. */
    private static final String DETAILS_SQL = "select " + TaskRow.columns("t") + ", " + UserRow.columns("u") + ", "
            + RunRow.columns("r") + " from task t left join app_user u on u.id = t.created_by_id"
            + " left join task_run r on r.id = t.latest_run_id where t.id = ? and ";

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Inject
    Database database;

    /**
     * Plain JDBC, one statement and no Hibernate query, for the API's most frequent read. In a
     * transaction the statement runs on the transaction's connection, after the session's pending changes.
     */
    @Override
    public Optional<TaskDetails> details(ProjectId project, TaskId id, UserId viewer, TaskAccess access) {
        if (em.isJoinedToTransaction()) {
            em.flush();
        }
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(DETAILS_SQL + TaskVisibility.SQL.predicate(access))) {
            select.setObject(1, id.value());
            select.setLong(2, project.value());
            select.setLong(3, viewer.value());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                UserRow creator = UserRow.read(rows, TaskRow.COLUMN_COUNT + 1);
                RunRow latest = RunRow.read(rows, TaskRow.COLUMN_COUNT + UserRow.COLUMN_COUNT + 1);
                return Optional.of(new TaskDetails(TaskRow.read(rows, 1).toDomain(),
                        creator == null ? null : creator.toDomain(), latest == null ? null : latest.toDomain()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read task " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TaskRun> findWithRun(ProjectId project, TaskId id, RunId run, UserId viewer, TaskAccess access) {
        var where = new Where().visibleTo(project, viewer, access).and("t.id = :id", "id", id.value());
        where.parameters.put("run", run.value());
        return where.bind(em.createQuery("select t, r from TaskEntity t"
                        + " left join RunEntity r on r.taskId = t.id and r.id = :run" + where, Object[].class))
                .getResultStream().findFirst()
                .map(row -> new TaskRun(((TaskEntity) row[0]).toDomain(),
                        Optional.ofNullable((RunEntity) row[1]).map(RunEntity::toDomain)));
    }

    @Override
    public Optional<Task> find(ProjectId project, TaskId id, UserId viewer, TaskAccess access) {
        var where = new Where().visibleTo(project, viewer, access).and("t.id = :id", "id", id.value());
        return where.bind(em.createQuery("select t from TaskEntity t" + where, TaskEntity.class))
                .getResultStream().findFirst().map(TaskEntity::toDomain);
    }

    @Override
    public Optional<Task> findUndeleted(ProjectId project, TaskId id) {
        return Optional.ofNullable(em.find(TaskEntity.class, id.value())).map(TaskEntity::toDomain)
                .filter(task -> task.project().equals(project) && !task.deleted());
    }

    @Override
    public Optional<Task> lock(ProjectId project, TaskId id, UserId viewer, TaskAccess access) {
        var where = new Where().visibleTo(project, viewer, access).and("t.id = :id", "id", id.value());
        return where.bind(em.createQuery("select t from TaskEntity t" + where, TaskEntity.class))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .map(entity -> {
                    // A copy read earlier in this transaction would shadow the row just locked.
                    em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
                    return entity.toDomain();
                });
    }

    @Override
    public Page<TaskDetails> list(TaskQuery query, PageRequest page) {
        var where = new Where().visibleTo(query.project(), query.viewer(), TaskAccess.READ);
        if (query.originProduct() != null) {
            where.and("t.originProduct = :origin", "origin", query.originProduct());
        }
        if (query.stage() != null) {
            where.and("exists (select 1 from RunEntity s where s.taskId = t.id and s.stage = :stage)",
                    "stage", query.stage());
        }
        if (query.repository() != null) {
            if (query.repositoryIsFullName()) {
                where.and("t.repository = :repository", "repository", query.repository());
            } else {
                where.and("t.repository like :repository escape '!'", "repository",
                        "%/" + Like.escape(query.repository()));
            }
        }
        if (query.organization() != null) {
            where.and("t.repository like :organization escape '!'", "organization",
                    Like.escape(query.organization()) + "/%");
        }
        if (query.createdBy() != null) {
            where.and("t.createdById = :createdBy", "createdBy", query.createdBy().value());
        }
        if (query.search() != null) {
            String pattern = "%" + Like.escape(query.search().toLowerCase(java.util.Locale.ROOT)) + "%";
            Integer number = query.searchedTaskNumber();
            if (number == null) {
                where.and("(lower(t.title) like :search escape '!' or lower(t.description) like :search escape '!')",
                        "search", pattern);
            } else {
                where.and("(lower(t.title) like :search escape '!' or lower(t.description) like :search escape '!'"
                        + " or t.taskNumber = :searchNumber)", "search", pattern);
                where.parameters.put("searchNumber", number);
            }
        }
        if (query.status() != null) {
            where.and("r.status = :status", "status", query.status().wireName());
        }
        flag(where, "t.internal", query.internal());
        flag(where, "t.archived", query.archived());

        String joins = query.status() != null ? " left join RunEntity r on r.id = t.latestRunId" : "";
        long count = where.bind(em.createQuery("select count(t) from TaskEntity t" + joins + where, Long.class))
                .getSingleResult();
        if (count == 0 || page.offset() >= count) {
            return new Page<>(count, List.of());
        }
        List<TaskDetails> items = where.bind(em.createQuery(
                        DETAILS + where + " order by t.createdAt desc, t.id desc", Object[].class))
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(JpaTasks::details).toList();
        return new Page<>(count, items);
    }

    private static void flag(Where where, String column, TaskQuery.Inclusion inclusion) {
        switch (inclusion) {
            case EXCLUDE -> where.and(column + " = false");
            case ONLY -> where.and(column + " = true");
            case ALL -> { }
        }
    }

    @Override
    public int nextTaskNumber(ProjectId project) {
        em.find(ProjectEntity.class, project.value(), LockModeType.PESSIMISTIC_WRITE);
        Integer greatest = em.createQuery("select max(t.taskNumber) from TaskEntity t where t.projectId = :project",
                        Integer.class)
                .setParameter("project", project.value()).getSingleResult();
        return greatest == null ? 0 : greatest + 1;
    }

    @Override
    public void add(Task task) {
        em.persist(new TaskEntity(task));
    }

    @Override
    public void update(Task task) {
        TaskEntity entity = em.find(TaskEntity.class, task.id().value());
        entity.copy(task);
    }

    @Override
    public List<String> repositories(ProjectId project, UserId viewer) {
        var where = new Where().visibleTo(project, viewer, TaskAccess.READ)
                .and("t.internal = false").and("t.repository is not null").and("t.repository <> ''");
        List<String> repositories = new ArrayList<>(where.bind(em.createQuery(
                "select distinct t.repository from TaskEntity t" + where, String.class)).getResultList());
        // Code-point order, whatever the database's collation.
        repositories.sort(Comparator.naturalOrder());
        return repositories;
    }

    @Override
    public long countReplayTasks(ProjectId project, String repository, Instant since) {
        return em.createQuery("select count(t) from TaskEntity t where t.projectId = :project"
                        + " and t.deleted = false and t.originProduct = :origin and lower(t.repository) = :repository"
                        + " and t.createdAt >= :since", Long.class)
                .setParameter("project", project.value())
                .setParameter("origin", OriginProduct.SESSION_SUMMARIES.wireName())
                .setParameter("repository", repository.toLowerCase(Locale.ROOT))
                .setParameter("since", since)
                .getSingleResult();
    }

    @Override
    public Page<TaskDetails> summaries(ProjectId project, UserId viewer, Collection<TaskId> ids, PageRequest page) {
        List<UUID> uuids = ids.stream().map(TaskId::value).distinct().toList();
        var where = new Where().visibleTo(project, viewer, TaskAccess.READ).and("t.id in :ids", "ids", uuids);
        long count = where.bind(em.createQuery("select count(t) from TaskEntity t" + where, Long.class))
                .getSingleResult();
        if (count == 0 || page.offset() >= count) {
            return new Page<>(count, List.of());
        }
        List<TaskDetails> items = where.bind(em.createQuery(
                        DETAILS + where + " order by t.createdAt desc, t.id asc", Object[].class))
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultStream().map(JpaTasks::details).toList();
        return new Page<>(count, items);
    }

    private static TaskDetails details(Object[] row) {
        TaskEntity task = (TaskEntity) row[0];
        UserEntity creator = (UserEntity) row[1];
        RunEntity latest = (RunEntity) row[2];
        return new TaskDetails(task.toDomain(), creator == null ? null : creator.toDomain(),
                latest == null ? null : latest.toDomain());
    }

    /** A JPQL where clause and its parameters, built up filter by filter. */
    static final class Where {
        private final StringBuilder clause = new StringBuilder();
        final Map<String, Object> parameters = new LinkedHashMap<>();

        Where and(String condition) {
            clause.append(clause.isEmpty() ? " where " : " and ").append(condition);
            return this;
        }

        Where and(String condition, String name, Object value) {
            parameters.put(name, value);
            return and(condition);
        }

        /** {@link TaskVisibility}: the tasks the viewer reaches under {@code access}. */
        Where visibleTo(ProjectId project, UserId viewer, TaskAccess access) {
            parameters.put("project", project.value());
            parameters.put("viewer", viewer.value());
            return and(TaskVisibility.JPQL.predicate(access));
        }

        <T> TypedQuery<T> bind(TypedQuery<T> query) {
            parameters.forEach(query::setParameter);
            return query;
        }

        @Override
        public String toString() {
            return clause.toString();
        }
    }
}
