package dev.tasks.storage.secret;

import dev.tasks.domain.sandbox.SigningKeyStore;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;

/**
 * The generated connection-token signing key, in the {@code server_setting} row {@value #SETTING},
 * sealed with the server secret ({@link SecretBox}); the row's primary key makes concurrent first
 * starts agree on one key.
 */
@ApplicationScoped
public class DatabaseSigningKeyStore implements SigningKeyStore {

    static final String SETTING = "jwt_signing_key";

    @Inject
    Database database;

    @Inject
    SecretBox box;

    @Override
    public Optional<byte[]> find() {
        try (Connection connection = database.dataSource().getConnection()) {
            return Settings.read(connection, SETTING).map(sealed -> box.open(Base64.getDecoder().decode(sealed)));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the signing key: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] keepFirst(byte[] candidate) {
        try (Connection connection = database.dataSource().getConnection()) {
            Settings.insertIfAbsent(connection, SETTING, Base64.getEncoder().encodeToString(box.seal(candidate)));
            String stored = Settings.read(connection, SETTING).orElseThrow();
            return box.open(Base64.getDecoder().decode(stored));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the signing key: " + e.getMessage(), e);
        }
    }
}
