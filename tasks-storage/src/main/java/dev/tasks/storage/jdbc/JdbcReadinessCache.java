package dev.tasks.storage.jdbc;

import dev.tasks.domain.readiness.ReadinessCache;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Readiness answers in {@code readiness_cache}. Each call is its own statement outside any request
 * transaction. Two instances writing one key at once both succeed or one loses the primary-key
 * race; either way an answer is stored, and a failed write is only logged (docs/readiness.md#caching).
 */
@ApplicationScoped
public class JdbcReadinessCache implements ReadinessCache {

    private static final Logger LOG = Logger.getLogger(JdbcReadinessCache.class.getName());

    @Inject
    Database database;

    @Override
    public Optional<String> find(String key, Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select body from readiness_cache where cache_key = ? and expires_at > ?")) {
            select.setString(1, key);
            select.setObject(2, now.atOffset(ZoneOffset.UTC));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Reading the readiness cache failed; computing afresh", e);
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, String body, Instant expiresAt) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update readiness_cache set body = ?, expires_at = ? where cache_key = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "insert into readiness_cache (cache_key, body, expires_at) values (?, ?, ?)")) {
            update.setString(1, body);
            update.setObject(2, expiresAt.atOffset(ZoneOffset.UTC));
            update.setString(3, key);
            if (update.executeUpdate() == 0) {
                insert.setString(1, key);
                insert.setString(2, body);
                insert.setObject(3, expiresAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Writing the readiness cache failed; the answer is not cached", e);
        }
    }

    @Override
    public int deleteExpired(Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from readiness_cache where expires_at <= ?")) {
            delete.setObject(1, now.atOffset(ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Purging the readiness cache failed", e);
            return 0;
        }
    }
}
