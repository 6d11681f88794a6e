package dev.tasks.storage.jdbc;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.StagedArtifacts;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.json.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Staged artifacts in {@code staged_artifact}; joins the caller's transaction. A save replaces the
 * record of the same task and id (delete, then insert), which both databases do alike.
 */
@ApplicationScoped
public class JdbcStagedArtifacts implements StagedArtifacts {

    @Inject
    Database database;

    @Override
    public void save(TaskId task, List<ArtifactEntry> entries, Instant expiresAt) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from staged_artifact where task_id = ? and artifact_id = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into staged_artifact (task_id, artifact_id, entry, expires_at) values (?, ?, ?, ?)")) {
            for (ArtifactEntry entry : entries) {
                delete.setObject(1, task.value());
                delete.setString(2, entry.id());
                delete.executeUpdate();
                insert.setObject(1, task.value());
                insert.setString(2, entry.id());
                insert.setString(3, JsonColumns.write(entry.toManifest()));
                insert.setObject(4, expiresAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not stage artifacts: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, ArtifactEntry> find(TaskId task, Collection<String> ids, Instant now) {
        Map<String, ArtifactEntry> found = new LinkedHashMap<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select entry from staged_artifact"
                     + " where task_id = ? and artifact_id = ? and expires_at > ?")) {
            for (String id : ids) {
                select.setObject(1, task.value());
                select.setString(2, id);
                select.setObject(3, now.atOffset(ZoneOffset.UTC));
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        found.put(id, ArtifactEntry.fromManifest(JsonColumns.readObject(row.getString(1))));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read staged artifacts: " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public void delete(TaskId task, Collection<String> ids) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from staged_artifact where task_id = ? and artifact_id = ?")) {
            for (String id : ids) {
                delete.setObject(1, task.value());
                delete.setString(2, id);
                delete.addBatch();
            }
            delete.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete staged artifacts: " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteExpired(Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from staged_artifact where expires_at <= ?")) {
            delete.setObject(1, now.atOffset(ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge staged artifacts: " + e.getMessage(), e);
        }
    }
}
