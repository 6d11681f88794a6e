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
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A {@code task_run} row as stored, and the one translation of it into a {@link Run}: the JPA entity and
 * the plain JDBC paths both read a run through it. {@code output} is SQL NULL for JSON null; state and
 * manifest are never null.
 */
public record RunRow(UUID id, UUID taskId, long projectId, String stage, String branch, String status,
                     String environment, String errorMessage, String output, String state, String artifacts,
                     Instant createdAt, Instant updatedAt, Instant completedAt) {

    /** The columns {@link #read} expects, in a statement's select list or {@code RETURNING} clause. */
    public static final String COLUMNS = "id, task_id, project_id, stage, branch, status, environment, error_message,"
            + " output, state, artifacts, created_at, updated_at, completed_at";

    /** The row at the cursor of {@code rows}, which selected {@link #COLUMNS} first. */
    public static RunRow read(ResultSet rows) throws SQLException {
        return new RunRow(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getLong(3),
                rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8),
                rows.getString(9), rows.getString(10), rows.getString(11), instant(rows, 12), instant(rows, 13),
                instant(rows, 14));
    }

    public Run toDomain() {
        return new Run(new RunId(id), new TaskId(taskId), new ProjectId(projectId), stage, branch,
                RunStatus.fromWire(status), RunEnvironment.fromWire(environment), errorMessage,
                JsonColumns.read(output), JsonColumns.readObject(state), JsonColumns.readManifest(artifacts),
                createdAt, updatedAt, completedAt);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
