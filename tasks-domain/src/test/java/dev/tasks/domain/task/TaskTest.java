package dev.tasks.domain.task;

import static dev.tasks.domain.task.TaskFixtures.ALICE;
import static dev.tasks.domain.task.TaskFixtures.T0;
import static dev.tasks.domain.task.TaskFixtures.T1;
import static dev.tasks.domain.task.TaskFixtures.archiving;
import static dev.tasks.domain.task.TaskFixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.shared.InvalidValueException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Archiving and reserved origins (docs/tasks.md#archiving-and-deleting, docs/tasks.md#origins). */
class TaskTest {

    @Test
    void archivingStampsOnceAndUnarchivingClears() {
        Task task = task(OriginProduct.USER_CREATED, ALICE);
        Task archived = task.apply(archiving(true), T0);
        assertEquals(T0, archived.archivedAt());
        Task again = archived.apply(archiving(true), T1);
        assertEquals(T0, again.archivedAt(), "archiving an archived task keeps the first stamp");
        assertNull(again.apply(archiving(false), T1).archivedAt());
    }

    @Test
    void imageBuilderOriginIsReserved() {
        var spec = new NewTask("t", null, "", OriginProduct.IMAGE_BUILDER, null, null, null, false, null, false);
        var error = assertThrows(InvalidValueException.class,
                () -> Task.create(new TaskId(UUID.randomUUID()), new ProjectId(1), 0, spec, ALICE, T0));
        assertEquals("origin_product", error.field());
    }
}
