package dev.tasks.storage.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskDetails;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.TaskQuery;
import dev.tasks.domain.task.TaskVisibilityTable;
import dev.tasks.domain.task.TaskVisibilityTable.Case;
import dev.tasks.storage.db.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * docs/tasks.md#who-sees-and-who-drives-a-task: the query predicate of {@link JpaTasks} answers the domain's
 * {@link TaskVisibilityTable} row by row. Each row is stored as a task of its own, once in the viewer's
 * project and once, identically, in another project; {@code find}, {@code details}, {@code lock} and
 * {@code list} must reach exactly the rows the table says, and never the other project's tasks.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class TaskVisibilityContract {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final List<Case> table = TaskVisibilityTable.cases();
    private final Map<Case, TaskId> stored = new LinkedHashMap<>();
    private final Map<Case, TaskId> storedElsewhere = new LinkedHashMap<>();
    private TestDatabase database;
    private TestPersistence persistence;
    private ProjectId project;
    private ProjectId otherProject;
    private UserId viewer;

    abstract TestDatabase openDatabase();

    @BeforeAll
    void storeOneTaskPerRow() {
        database = openDatabase();
        persistence = new TestPersistence(database.dataSource());
        persistence.inTransaction(em -> {
            project = JpaFixtures.aProject(persistence, em, NOW);
            otherProject = JpaFixtures.aProject(persistence, em, NOW);
            viewer = JpaFixtures.aUser(persistence, em, NOW);
            UserId another = JpaFixtures.aUser(persistence, em, NOW);
            JpaTasks tasks = JpaFixtures.tasks(persistence, em);
            int number = 0;
            for (Case row : table) {
                stored.put(row, new TaskId(UUID.randomUUID()));
                storedElsewhere.put(row, new TaskId(UUID.randomUUID()));
                tasks.add(row.task(stored.get(row), project, number, viewer, another, NOW));
                tasks.add(row.task(storedElsewhere.get(row), otherProject, number, viewer, another, NOW));
                number++;
            }
            return null;
        });
    }

    @AfterAll
    void close() {
        persistence.close();
        database.close();
    }

    @Test
    void findReachesExactlyTheRowsOfTheTable() {
        assertEquals(List.of(), rowsAnsweredWrongly(
                (tasks, row) -> tasks.find(project, stored.get(row), viewer, row.access()).isPresent()));
    }

    @Test
    void detailsReachExactlyTheRowsOfTheTable() {
        assertEquals(List.of(), rowsAnsweredWrongly(
                (tasks, row) -> tasks.details(project, stored.get(row), viewer, row.access()).isPresent()));
    }

    @Test
    void lockReachesExactlyTheRowsOfTheTable() {
        assertEquals(List.of(), rowsAnsweredWrongly(
                (tasks, row) -> tasks.lock(project, stored.get(row), viewer, row.access()).isPresent()));
    }

    @Test
    void theListHoldsExactlyTheTasksTheViewerReads() {
        Set<TaskId> readable = new HashSet<>();
        stored.forEach((row, id) -> {
            if (readRowOf(row).reaches()) {
                readable.add(id);
            }
        });

        List<TaskId> listed = persistence.inTransaction(em -> listAll(JpaFixtures.tasks(persistence, em)));

        assertEquals(readable.size(), listed.size(), "one list item per readable task");
        assertEquals(readable, Set.copyOf(listed));
    }

    @Test
    void anotherProjectsIdenticalTaskIsNeverReached() {
        List<Case> reachedElsewhere = rowsWhere(
                (tasks, row) -> tasks.find(project, storedElsewhere.get(row), viewer, row.access()).isPresent());
        List<TaskId> listed = persistence.inTransaction(em -> listAll(JpaFixtures.tasks(persistence, em)));

        assertEquals(List.of(), reachedElsewhere);
        assertTrue(listed.stream().noneMatch(storedElsewhere::containsValue), "another project's task listed");
        // In their own project those tasks are reached as the table says: the misses above are the project's doing.
        assertEquals(List.of(), rowsAnsweredWrongly(
                (tasks, row) -> tasks.find(otherProject, storedElsewhere.get(row), viewer, row.access()).isPresent()));
    }

    /** Something asked of the adapter about one row's task. */
    @FunctionalInterface
    private interface RowCheck {
        boolean test(JpaTasks tasks, Case row);
    }

    /** The rows whose task the viewer reaches, by {@code lookup}, other than the table says. */
    private List<Case> rowsAnsweredWrongly(RowCheck lookup) {
        return rowsWhere((tasks, row) -> lookup.test(tasks, row) != row.reaches());
    }

    /** The rows for which {@code check} holds, all asked in one transaction. */
    private List<Case> rowsWhere(RowCheck check) {
        return persistence.inTransaction(em -> {
            JpaTasks tasks = JpaFixtures.tasks(persistence, em);
            return table.stream().filter(row -> check.test(tasks, row)).toList();
        });
    }

    /** The table's row for the same task looked up for reading, which is what the list shows. */
    private Case readRowOf(Case row) {
        return table.stream().filter(read -> read.access() == TaskAccess.READ && read.origin() == row.origin()
                && read.creator() == row.creator() && read.deleted() == row.deleted()).findFirst().orElseThrow();
    }

    /** Every page of the viewer's default list (no filters: public, unarchived tasks). */
    private List<TaskId> listAll(JpaTasks tasks) {
        var query = new TaskQuery(project, viewer, null, null, null, null, null, null, null, null, null);
        List<TaskId> listed = new ArrayList<>();
        Page<TaskDetails> page;
        do {
            page = tasks.list(query, new PageRequest(PageRequest.MAX_LIMIT, listed.size()));
            page.items().forEach(item -> listed.add(item.task().id()));
        } while (!page.items().isEmpty() && listed.size() < page.count());
        return listed;
    }
}
