package dev.tasks.domain.task;

import static dev.tasks.domain.task.TaskFixtures.ALICE;
import static dev.tasks.domain.task.TaskFixtures.T0;
import static dev.tasks.domain.task.TaskFixtures.T1;
import static dev.tasks.domain.task.TaskFixtures.titled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Titles (docs/tasks.md#titles). */
class TaskTitleTest {

    @Test
    void givenTitleIsKeptAndCountsAsManual() {
        assertEquals(new TaskTitle("Fix it", true), TaskTitle.forNewTask("Fix it", null, "whatever"));
        assertEquals(new TaskTitle("Fix it", false), TaskTitle.forNewTask("Fix it", false, ""));
    }

    @Test
    void missingTitleComesFromTheFirstLineOfTheDescription() {
        assertEquals(new TaskTitle("First line", false), TaskTitle.forNewTask(null, null, "  First line \nsecond"));
        assertEquals(new TaskTitle("First", false), TaskTitle.forNewTask("  ", true, "First\r\nsecond"));
    }

    @Test
    void longFirstLinesAreCutTo57CharactersAndAnEllipsis() {
        String sixty = "a".repeat(60);
        assertEquals(sixty, TaskTitle.forNewTask(null, null, sixty).text());
        String derived = TaskTitle.forNewTask(null, null, "b".repeat(61)).text();
        assertEquals("b".repeat(57) + "...", derived);
        assertEquals(60, derived.length());
    }

    @Test
    void blankDescriptionGivesAnEmptyTitle() {
        assertEquals(new TaskTitle("", false), TaskTitle.forNewTask(null, null, "   \n "));
    }

    @Test
    void updatingTheTitleMarksItManual() {
        Task created = Task.create(new TaskId(UUID.randomUUID()), new ProjectId(1), 0,
                new NewTask(null, null, "derived title", null, null, null, null, false, null, false), ALICE, T0);
        assertFalse(created.titleManuallySet());
        Task renamed = created.apply(titled("New"), T1);
        assertTrue(renamed.titleManuallySet());
        assertEquals("New", renamed.title());
        assertEquals(T1, renamed.updatedAt());
    }
}
