package dev.tasks.domain.task;

import static dev.tasks.domain.task.TaskFixtures.ALICE;
import static dev.tasks.domain.task.TaskFixtures.BOB;
import static dev.tasks.domain.task.TaskFixtures.T1;
import static dev.tasks.domain.task.TaskFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.task.TaskVisibilityTable.Case;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who sees and who drives a task (docs/tasks.md#who-sees-and-who-drives-a-task). */
class TaskAccessTest {

    static List<Case> table() {
        return TaskVisibilityTable.cases();
    }

    @ParameterizedTest
    @MethodSource("table")
    void theRuleAnswersEveryRowOfTheVisibilityTable(Case row) {
        Task task = row.task(new TaskId(UUID.randomUUID()), new ProjectId(1), 0, ALICE, BOB, T1);
        assertEquals(row.reaches(), row.access().allows(task, ALICE), row.toString());
    }

    @Test
    void ownTasksAndCreatorlessTasksAreVisible() {
        assertTrue(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, ALICE), ALICE));
        assertFalse(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, ALICE), BOB));
        assertTrue(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, null), BOB));
    }

    @Test
    void sharedOriginsDifferBetweenReadAndControl() {
        Task experiment = task(OriginProduct.EXPERIMENTS, ALICE);
        assertTrue(TaskAccess.READ.allows(experiment, BOB));
        assertFalse(TaskAccess.CONTROL.allows(experiment, BOB));
        assertTrue(TaskAccess.CONTROL.allows(task(OriginProduct.WORKFLOW, ALICE), BOB));
    }

    @Test
    void slackTasksAreSharedOnRunEndpointsOnly() {
        Task slack = task(OriginProduct.SLACK, ALICE);
        assertFalse(TaskAccess.READ.allows(slack, BOB));
        assertFalse(TaskAccess.CONTROL.allows(slack, BOB));
        assertTrue(TaskAccess.RUN_READ.allows(slack, BOB));
        assertTrue(TaskAccess.RUN_CONTROL.allows(slack, BOB));
    }

    @Test
    void deletedAndBusinessKnowledgeTasksReachNobody() {
        Task deleted = task(OriginProduct.USER_CREATED, ALICE).delete(T1);
        assertFalse(TaskAccess.READ.allows(deleted, ALICE));
        assertFalse(TaskAccess.READ.allows(task(OriginProduct.BUSINESS_KNOWLEDGE, null), ALICE));
    }
}
