package dev.tasks.storage.jdbc;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.readiness.ReadinessScans;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Scan leases as rows of {@code readiness_scan}, each statement committed on its own: inserting the
 * project's row takes the lease (the primary key refuses a second holder), an expired row is
 * deleted first, and the holder deletes its row when done.
 */
@ApplicationScoped
public class JdbcReadinessScans implements ReadinessScans {

    @Inject
    Database database;

    @Override
    public boolean begin(ProjectId project, String holder, Instant now, Instant expiresAt) {
        try (Connection connection = database.dataSource().getConnection()) {
            try (PreparedStatement expired = connection.prepareStatement(
                    "delete from readiness_scan where project_id = ? and expires_at <= ?")) {
                expired.setLong(1, project.value());
                expired.setObject(2, now.atOffset(ZoneOffset.UTC));
                expired.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into readiness_scan (project_id, holder, expires_at) values (?, ?, ?)")) {
                insert.setLong(1, project.value());
                insert.setString(2, holder);
                insert.setObject(3, expiresAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (JdbcIdempotencyRecords.isUniqueViolation(e)) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Readiness scan leases unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void end(ProjectId project, String holder) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from readiness_scan where project_id = ? and holder = ?")) {
            delete.setLong(1, project.value());
            delete.setString(2, holder);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Readiness scan leases unavailable: " + e.getMessage(), e);
        }
    }
}
