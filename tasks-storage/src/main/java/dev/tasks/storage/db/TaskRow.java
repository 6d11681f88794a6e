package dev.tasks.storage.db;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.task.OriginProduct;
import dev.tasks.domain.task.RepositoryName;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.json.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A {@code task} row as stored, and the one translation of it into a {@link Task}, for the JPA entity and
 * the plain JDBC reads alike. An empty {@code repository} is no repository.
 */
public record TaskRow(UUID id, long projectId, Integer taskNumber, String title, boolean titleManuallySet,
                      String description, String originProduct, String repository, Long githubIntegrationId,
                      String jsonSchema, boolean internal, Instant createdAt, Instant updatedAt, Long createdById,
                      String ciPrompt, boolean archived, Instant archivedAt, boolean deleted, Instant deletedAt) {

    /** The columns {@link #read} expects, in its order. */
    private static final List<String> COLUMNS = List.of("id", "project_id", "task_number", "title",
            "title_manually_set", "description", "origin_product", "repository", "github_integration_id", "json_schema",
            "internal", "created_at", "updated_at", "created_by_id", "ci_prompt", "archived", "archived_at", "deleted",
            "deleted_at");
    /** How many columns {@link #columns} lists. */
    public static final int COLUMN_COUNT = COLUMNS.size();

    /** The columns {@link #read} expects, qualified by {@code alias} unless it is empty. */
    public static String columns(String alias) {
        return Rows.selectList(alias, COLUMNS);
    }

    /** The row whose {@link #columns} start at column {@code first} of {@code rows}. */
    public static TaskRow read(ResultSet rows, int first) throws SQLException {
        return new TaskRow(Rows.uuid(rows, first), rows.getLong(first + 1),
                Rows.integerOrNull(rows, first + 2), rows.getString(first + 3), rows.getBoolean(first + 4),
                rows.getString(first + 5), rows.getString(first + 6), rows.getString(first + 7),
                Rows.longOrNull(rows, first + 8), rows.getString(first + 9), rows.getBoolean(first + 10),
                Rows.instant(rows, first + 11), Rows.instant(rows, first + 12), Rows.longOrNull(rows, first + 13),
                rows.getString(first + 14), rows.getBoolean(first + 15), Rows.instant(rows, first + 16),
                rows.getBoolean(first + 17), Rows.instant(rows, first + 18));
    }

    public Task toDomain() {
        return new Task(new TaskId(id), new ProjectId(projectId), taskNumber, title, titleManuallySet, description,
                OriginProduct.fromWire(originProduct), repository == null || repository.isEmpty() ? null
                        : new RepositoryName(repository), githubIntegrationId, JsonColumns.read(jsonSchema), internal,
                createdAt, updatedAt, createdById == null ? null : new UserId(createdById), ciPrompt, archived,
                archivedAt, deleted, deletedAt);
    }
}
