package dev.tasks.storage.jdbc;

import dev.tasks.domain.idempotency.IdempotencyKey;
import dev.tasks.domain.idempotency.IdempotencyRecords;
import dev.tasks.domain.idempotency.StoredResponse;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Idempotency records over JDBC, each statement committed on its own: a claim must be visible to a
 * concurrent retry at once, whatever the request's own transaction does.
 */
@ApplicationScoped
public class JdbcIdempotencyRecords implements IdempotencyRecords {

    @Inject
    Database database;

    @Override
    public Claim claim(IdempotencyKey key, String fingerprint, Instant now, Duration timeToLive) {
        try (Connection connection = database.dataSource().getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (insert(connection, key, fingerprint, now)) {
                    return new Claim.Claimed();
                }
                try (PreparedStatement select = connection.prepareStatement(
                        "select fingerprint, state, status_code, content_type, body, created_at"
                                + " from idempotency_record where user_id = ? and idempotency_key = ?")) {
                    select.setLong(1, key.user().value());
                    select.setString(2, key.value());
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            continue;
                        }
                        Instant created = row.getTimestamp(6).toInstant();
                        boolean expired = !created.plus(timeToLive).isAfter(now);
                        boolean inProgress = "in_progress".equals(row.getString(2));
                        if (expired || (inProgress && !created.plus(ABANDONED_AFTER).isAfter(now))) {
                            deleteIfCreatedAt(connection, key, created);
                            continue;
                        }
                        if (inProgress) {
                            return new Claim.InProgress();
                        }
                        if (!fingerprint.equals(row.getString(1))) {
                            return new Claim.Mismatch();
                        }
                        return new Claim.Replay(new StoredResponse(row.getInt(3), row.getString(4), row.getBytes(5)));
                    }
                }
            }
            return new Claim.InProgress();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency records unavailable: " + e.getMessage(), e);
        }
    }

    private static boolean insert(Connection connection, IdempotencyKey key, String fingerprint, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into idempotency_record (user_id, idempotency_key, fingerprint, state, created_at)"
                        + " values (?, ?, ?, 'in_progress', ?)")) {
            insert.setLong(1, key.user().value());
            insert.setString(2, key.value());
            insert.setString(3, fingerprint);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void deleteIfCreatedAt(Connection connection, IdempotencyKey key, Instant created) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from idempotency_record where user_id = ? and idempotency_key = ? and created_at = ?")) {
            delete.setLong(1, key.user().value());
            delete.setString(2, key.value());
            delete.setTimestamp(3, Timestamp.from(created));
            delete.executeUpdate();
        }
    }

    @Override
    public void complete(IdempotencyKey key, StoredResponse response) {
        execute("update idempotency_record set state = 'completed', status_code = ?, content_type = ?, body = ?"
                + " where user_id = ? and idempotency_key = ?", statement -> {
                    statement.setInt(1, response.status());
                    statement.setString(2, response.contentType());
                    statement.setBytes(3, response.body());
                    statement.setLong(4, key.user().value());
                    statement.setString(5, key.value());
                });
    }

    @Override
    public void release(IdempotencyKey key) {
        execute("delete from idempotency_record where user_id = ? and idempotency_key = ?", statement -> {
            statement.setLong(1, key.user().value());
            statement.setString(2, key.value());
        });
    }

    @Override
    public int purgeCreatedBefore(Instant cutoff) {
        return execute("delete from idempotency_record where created_at < ?",
                statement -> statement.setTimestamp(1, Timestamp.from(cutoff)));
    }

    private int execute(String sql, Binder binder) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Idempotency records unavailable: " + e.getMessage(), e);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        // 23505: unique violation (PostgreSQL and H2).
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if ("23505".equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
