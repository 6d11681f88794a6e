package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunSecrets;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.secret.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Run secrets in {@code run_secret}, sealed by the {@link SecretBox}; joins the caller's transaction. */
@ApplicationScoped
public class JdbcRunSecrets implements RunSecrets {

    @Inject
    Database database;

    @Inject
    SecretBox secretBox;

    @Override
    public void storeGithubToken(RunId run, String token, Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into run_secret (run_id, github_user_token, created_at) values (?, ?, ?)")) {
            insert.setObject(1, run.value());
            insert.setBytes(2, secretBox.seal(token.getBytes(StandardCharsets.UTF_8)));
            insert.setObject(3, now.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the run's token: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> githubToken(RunId run) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select github_user_token from run_secret where run_id = ?")) {
            select.setObject(1, run.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new String(secretBox.open(row.getBytes(1)), StandardCharsets.UTF_8))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the run's token: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(RunId run) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from run_secret where run_id = ?")) {
            delete.setObject(1, run.value());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete the run's secrets: " + e.getMessage(), e);
        }
    }
}
