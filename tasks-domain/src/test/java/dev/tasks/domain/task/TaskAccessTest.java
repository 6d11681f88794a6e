package dev.tasks.domain.task;

import static dev.tasks.domain.task.TaskFixtures.ALICE;
import static dev.tasks.domain.task.TaskFixtures.BOB;
import static dev.tasks.domain.task.TaskFixtures.T1;
import static dev.tasks.domain.task.TaskFixtures.task;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** tasks.md §7: who sees and who drives a task. */
class TaskAccessTest {

    @Test
    void ownTasksAndCreatorlessTasksAreVisible() {
        assertTrue(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, ALICE), ALICE, false));
        assertFalse(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, ALICE), BOB, false));
        assertTrue(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, null), BOB, false));
    }

    @Test
    void sharedOriginsDifferBetweenReadAndControl() {
        Task experiment = task(OriginProduct.EXPERIMENTS, ALICE);
        assertTrue(TaskAccess.READ.allows(experiment, BOB, false));
        assertFalse(TaskAccess.CONTROL.allows(experiment, BOB, false));
        assertTrue(TaskAccess.CONTROL.allows(task(OriginProduct.WORKFLOW, ALICE), BOB, false));
    }

    @Test
    void slackTasksAreSharedOnRunEndpointsOnly() {
        Task slack = task(OriginProduct.SLACK, ALICE);
        assertFalse(TaskAccess.READ.allows(slack, BOB, false));
        assertTrue(TaskAccess.READ.allows(slack, BOB, true));
    }

    @Test
    void deletedAndBusinessKnowledgeTasksReachNobody() {
        Task deleted = task(OriginProduct.USER_CREATED, ALICE).delete(T1);
        assertFalse(TaskAccess.READ.allows(deleted, ALICE, false));
        assertFalse(TaskAccess.READ.allows(task(OriginProduct.BUSINESS_KNOWLEDGE, null), ALICE, false));
    }
}
