package dev.tasks.storage.db;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEnvironment;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.json.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A {@code task_run} row as stored, and the one translation of it into a {@link Run}: the JPA entity and
 * the plain JDBC paths both read a run through it. {@code output} is SQL NULL for JSON null; state and
 * manifest are never null.
 */
public record RunRow(UUID id, UUID taskId, long projectId, String stage, String branch, String status,
                     String environment, String errorMessage, String output, String state, String artifacts,
                     Instant createdAt, Instant updatedAt, Instant completedAt) {

    /** The columns {@link #read} expects, in its order. */
    private static final List<String> COLUMNS = List.of("id", "task_id", "project_id", "stage", "branch", "status",
            "environment", "error_message", "output", "state", "artifacts", "created_at", "updated_at", "completed_at");
    /** How many columns {@link #columns} lists. */
    public static final int COLUMN_COUNT = COLUMNS.size();

    /** The columns {@link #read} expects, qualified by {@code alias} unless it is empty. */
    public static String columns(String alias) {
        return Rows.selectList(alias, COLUMNS);
    }

    /** The row whose {@link #columns} start at column {@code first} of {@code rows}; null when its id is SQL NULL. */
    public static RunRow read(ResultSet rows, int first) throws SQLException {
        UUID id = Rows.uuid(rows, first);
        return id == null ? null : new RunRow(id, Rows.uuid(rows, first + 1), rows.getLong(first + 2),
                rows.getString(first + 3), rows.getString(first + 4), rows.getString(first + 5),
                rows.getString(first + 6), rows.getString(first + 7), rows.getString(first + 8),
                rows.getString(first + 9), rows.getString(first + 10), Rows.instant(rows, first + 11),
                Rows.instant(rows, first + 12), Rows.instant(rows, first + 13));
    }

    public Run toDomain() {
        return new Run(new RunId(id), new TaskId(taskId), new ProjectId(projectId), stage, branch,
                RunStatus.fromWire(status), RunEnvironment.fromWire(environment), errorMessage,
                JsonColumns.read(output), JsonColumns.readObject(state), JsonColumns.readManifest(artifacts),
                createdAt, updatedAt, completedAt);
    }
}
