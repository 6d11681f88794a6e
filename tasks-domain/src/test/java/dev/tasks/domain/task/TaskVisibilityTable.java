package dev.tasks.domain.task;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The visibility rules (docs/tasks.md#who-sees-and-who-drives-a-task) written out case by case: for each origin,
 * creator and deletion, whether a viewer reaches the task under each {@link TaskAccess}. The domain
 * rule is checked against it in {@code TaskAccessTest}; the storage adapter runs the same table
 * against its query predicate, so the two cannot drift apart.
 */
public final class TaskVisibilityTable {

    private TaskVisibilityTable() {
    }

    /** Who created the task, as seen from the viewer. */
    public enum Creator {
        VIEWER, ANOTHER_USER, NOBODY
    }

    /**
     * One row: a task of {@code origin} created by {@code creator}, deleted or not, looked up under
     * {@code access}; {@code reaches} is whether the viewer gets it.
     */
    public record Case(OriginProduct origin, Creator creator, boolean deleted, TaskAccess access, boolean reaches) {

        /**
         * The row's task as {@code viewer} would look it up, {@code another} being some other member;
         * built directly, since some origins (image builder) cannot be written through the API.
         */
        public Task task(TaskId id, ProjectId project, int taskNumber, UserId viewer, UserId another, Instant now) {
            UserId createdBy = switch (creator) {
                case VIEWER -> viewer;
                case ANOTHER_USER -> another;
                case NOBODY -> null;
            };
            return new Task(id, project, taskNumber, "t", false, "d", origin, null, null, null, false, now, now,
                    createdBy, null, false, null, deleted, deleted ? now : null);
        }

        @Override
        public String toString() {
            return access + " " + origin.wireName() + " by " + creator + (deleted ? " (deleted)" : "") + " -> "
                    + (reaches ? "reached" : "404");
        }
    }

    /** Every origin, creator, deletion and access, with the expected answer. */
    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (OriginProduct origin : OriginProduct.values()) {
            for (Creator creator : Creator.values()) {
                for (boolean deleted : new boolean[] {false, true}) {
                    for (TaskAccess access : TaskAccess.values()) {
                        cases.add(new Case(origin, creator, deleted, access, expected(origin, creator, deleted, access)));
                    }
                }
            }
        }
        return cases;
    }

    /** The table's answer, spelled out origin by origin rather than derived from {@link TaskAccess}. */
    private static boolean expected(OriginProduct origin, Creator creator, boolean deleted, TaskAccess access) {
        if (deleted || origin == OriginProduct.BUSINESS_KNOWLEDGE) {
            return false;
        }
        if (creator != Creator.ANOTHER_USER) {
            return true;
        }
        boolean runs = access == TaskAccess.RUN_READ || access == TaskAccess.RUN_CONTROL;
        boolean reading = access == TaskAccess.READ || access == TaskAccess.RUN_READ;
        return switch (origin) {
            case SIGNAL_REPORT, SIGNALS_SCOUT, ONBOARDING, HOGDESK, WORKFLOW -> true;
            case EXPERIMENTS -> reading;
            case SLACK -> runs;
            default -> false;
        };
    }
}
