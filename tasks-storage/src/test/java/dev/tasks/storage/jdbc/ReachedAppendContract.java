package dev.tasks.storage.jdbc;

import static dev.tasks.storage.jdbc.Entries.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.TaskVisibilityTable;
import dev.tasks.domain.task.TaskVisibilityTable.Case;
import dev.tasks.storage.db.DatabaseVendor;
import dev.tasks.storage.jpa.JpaFixtures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/tasks.md#who-sees-and-who-drives-a-task on {@link JdbcRunEntries#appendReached}, the append of
 * {@code append_log/}: the one statement that finds, checks and locks the run appends exactly where the
 * domain's {@link TaskVisibilityTable} says the viewer reaches the task, never to another project's identical
 * task nor through another task's id, writes nothing where it does not, answers the run as the JPA
 * adapter reads it afterwards, and tells the stream's readers once the entries are committed
 * (docs/logs-and-stream.md#several-instances).
 */
abstract class ReachedAppendContract extends EntryStoreContract {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant APPENDED = Instant.parse("2026-03-01T12:05:00.123456Z");

    private final List<Case> table = TaskVisibilityTable.cases();
    private final Map<Case, Task> tasks = new LinkedHashMap<>();
    private final Map<Case, RunId> runs = new LinkedHashMap<>();
    private final Map<Case, Task> tasksElsewhere = new LinkedHashMap<>();
    private final Map<Case, RunId> runsElsewhere = new LinkedHashMap<>();
    private ProjectId project;
    private UserId viewer;
    private JdbcRunEntries entries;

    @BeforeAll
    void storeOneTaskWithARunPerRow() {
        // Outside any container transaction, as append_log/ calls it: the adapter commits on its own.
        entries = EntryStore.adapter(store.database.dataSource());
        store.persistence.inTransaction(em -> {
            project = JpaFixtures.aProject(store.persistence, em, CREATED);
            ProjectId otherProject = JpaFixtures.aProject(store.persistence, em, CREATED);
            viewer = JpaFixtures.aUser(store.persistence, em, CREATED);
            UserId another = JpaFixtures.aUser(store.persistence, em, CREATED);
            int number = 0;
            for (Case row : table) {
                Task task = row.task(new TaskId(UUID.randomUUID()), project, number, viewer, another, CREATED);
                Task twin = row.task(new TaskId(UUID.randomUUID()), otherProject, number++, viewer, another, CREATED);
                JpaFixtures.tasks(store.persistence, em).add(task);
                JpaFixtures.tasks(store.persistence, em).add(twin);
                tasks.put(row, task);
                tasksElsewhere.put(row, twin);
                runs.put(row, JpaFixtures.aRunOf(em, task, CREATED));
                runsElsewhere.put(row, JpaFixtures.aRunOf(em, twin, CREATED));
            }
            return null;
        });
    }

    @Test
    void appendsExactlyWhereTheTableSaysTheViewerReachesTheTask() {
        List<Case> wrong = table.stream().filter(row -> {
            long before = store.counter(runs.get(row));
            boolean appended = append(project, row.access(), tasks.get(row).id(), runs.get(row)).isPresent();
            long added = store.counter(runs.get(row)) - before;
            return appended != row.reaches() || added != (row.reaches() ? 1 : 0);
        }).toList();

        assertEquals(List.of(), wrong);
    }

    @Test
    void anotherProjectsIdenticalTaskIsNeverAppendedTo() {
        List<Case> appended = table.stream().filter(row -> {
            long before = store.counter(runsElsewhere.get(row));
            boolean answered = append(project, row.access(), tasksElsewhere.get(row).id(), runsElsewhere.get(row))
                    .isPresent();
            return answered || store.counter(runsElsewhere.get(row)) != before;
        }).toList();

        assertEquals(List.of(), appended);
    }

    @Test
    void aRunIsNotReachedThroughAnotherTasksId() {
        Case reached = table.stream().filter(row -> row.reaches() && row.access() == TaskAccess.RUN_CONTROL)
                .findFirst().orElseThrow();
        Case alsoReached = table.stream().filter(row -> row.reaches() && row != reached).findFirst().orElseThrow();
        long before = store.counter(runs.get(alsoReached));

        Optional<Run> answered = append(project, reached.access(), tasks.get(reached).id(), runs.get(alsoReached));

        assertTrue(answered.isEmpty(), "appended to " + alsoReached + " through " + reached);
        assertEquals(before, store.counter(runs.get(alsoReached)));
    }

    @Test
    void answersTheRunAsStoredAfterTheAppend() {
        Case row = table.stream().filter(Case::reaches).findFirst().orElseThrow();

        Run answered = append(project, row.access(), tasks.get(row).id(), runs.get(row)).orElseThrow();

        Run stored = store.persistence.inTransaction(em -> JpaFixtures.runs(em).find(runs.get(row)).orElseThrow());
        assertEquals(stored, answered);
        assertEquals(APPENDED, answered.updatedAt());
    }

    @Test
    void tellsThisInstancesReadersOnceTheEntryIsCommittedAndTheOtherInstancesOnPostgresql() throws Exception {
        Case row = table.stream().filter(Case::reaches).skip(1).findFirst().orElseThrow();
        RunId run = runs.get(row);
        long before = store.counter(run);
        List<Long> toldHere = new CopyOnWriteArrayList<>();
        entries.notifications.subscribeToEntries(told -> {
            if (told.equals(run)) {
                toldHere.add(store.counter(run)); // on a connection of its own: sees only what was committed
            }
        });
        DatabaseNotifications otherInstance = TestNotifications.over(store.database.dataSource());
        BlockingQueue<RunId> toldThere = new LinkedBlockingQueue<>();
        otherInstance.subscribeToEntries(toldThere::add);
        boolean postgresql = entries.database.vendor() == DatabaseVendor.POSTGRESQL;
        otherInstance.startListening();
        try {
            while (postgresql && !otherInstance.isListening()) {
                Thread.sleep(10);
            }

            append(project, row.access(), tasks.get(row).id(), run).orElseThrow();

            assertEquals(List.of(before + 1), toldHere, "told once, after the commit");
            assertEquals(postgresql ? run : null, toldThere.poll(postgresql ? 10 : 1, TimeUnit.SECONDS));
        } finally {
            otherInstance.stopListening();
        }
    }

    private Optional<Run> append(ProjectId in, TaskAccess access, TaskId task, RunId run) {
        return entries.appendReached(in, viewer, access, task, run, List.of(text("appended")), APPENDED);
    }
}
