package dev.tasks.storage.db;

import dev.tasks.domain.task.OriginProduct;
import dev.tasks.domain.task.TaskAccess;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link TaskAccess#allows} as the predicate of a query over tasks, in JPQL or in SQL: the project's
 * undeleted tasks of no hidden origin that are the viewer's own, have no creator, or are of one of the
 * access's shared origins (docs/tasks.md#who-sees-and-who-drives-a-task). One rule, two spellings of a
 * task's columns, so the JPA reads and the plain JDBC paths cannot drift apart. Each predicate is made
 * once, at class initialisation.
 */
public final class TaskVisibility {

    /** The task entity aliased {@code t}; the project and the viewer bound as {@code :project} and {@code :viewer}. */
    public static final TaskVisibility JPQL = new TaskVisibility("t.projectId", "t.deleted", "t.originProduct",
            "t.createdById", ":project", ":viewer");
    /** The {@code task} table aliased {@code t}; the project and the viewer bound by position, in that order. */
    public static final TaskVisibility SQL = new TaskVisibility("t.project_id", "t.deleted", "t.origin_product",
            "t.created_by_id", "?", "?");

    private final Map<TaskAccess, String> predicates = new EnumMap<>(TaskAccess.class);

    /**
     * @param project the task's project id
     * @param deleted the task's soft-delete flag
     * @param origin the task's {@code origin_product}
     * @param creator the id of the task's creator, null when none
     */
    private TaskVisibility(String project, String deleted, String origin, String creator, String projectParameter,
                           String viewerParameter) {
        for (TaskAccess access : TaskAccess.values()) {
            StringBuilder predicate = new StringBuilder(project).append(" = ").append(projectParameter)
                    .append(" and ").append(deleted).append(" = false");
            if (!access.hiddenOrigins().isEmpty()) {
                predicate.append(" and ").append(origin).append(" not in ").append(literals(access.hiddenOrigins()));
            }
            predicate.append(" and (").append(creator).append(" is null or ").append(creator).append(" = ")
                    .append(viewerParameter);
            if (!access.sharedOrigins().isEmpty()) {
                predicate.append(" or ").append(origin).append(" in ").append(literals(access.sharedOrigins()));
            }
            predicates.put(access, predicate.append(')').toString());
        }
    }

    /**
     * The predicate of {@code access}. The origins are written into the statement rather than bound as
     * lists: Hibernate translates a query with a list parameter again on every execution, and these sets
     * are few and fixed (an enum's wire names, never a caller's input).
     */
    public String predicate(TaskAccess access) {
        return predicates.get(access);
    }

    /** {@code ('a', 'b')} in a stable order, so that equal sets make equal statements. */
    private static String literals(Set<OriginProduct> origins) {
        return origins.stream().map(OriginProduct::wireName).sorted().map(TaskVisibility::literal)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String literal(String wireName) {
        if (!wireName.chars().allMatch(c -> c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            throw new IllegalStateException("Not a plain wire name: " + wireName);
        }
        return "'" + wireName + "'";
    }
}
