package dev.tasks.storage.secret;

import dev.tasks.domain.shared.ConfigurationError;
import dev.tasks.domain.shared.Secrets;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server secret behind {@code log_url} signatures and the encryption of stored tokens. It is
 * {@code TASKS_SECRET_KEY} when configured; otherwise one is generated on the first start and kept in
 * the database, so every instance sharing that database uses the same one. Each use derives its own
 * key ({@link #derive}) so that no two purposes share key material.
 */
@ApplicationScoped
public class ServerSecret implements Secrets {

    private static final Logger LOG = Logger.getLogger(ServerSecret.class.getName());
    private static final String SETTING = "secret_key";
    /** A configured secret shorter than this is refused: HMAC-SHA256 keys want 256 bits. */
    static final int MIN_BYTES = 32;

    @Inject
    Database database;

    @Inject
    @ConfigProperty(name = "tasks.secret.key")
    Optional<String> configured;

    private volatile byte[] secret;

    /**
     * Checks the configured secret, if there is one; called at start-up before anything is written.
     *
     * @throws ConfigurationError when it is too short
     */
    public void validateConfiguration() {
        configuredBytes();
    }

    private Optional<byte[]> configuredBytes() {
        if (configured.isEmpty() || configured.get().isBlank()) {
            return Optional.empty();
        }
        byte[] given = configured.get().getBytes(StandardCharsets.UTF_8);
        if (given.length < MIN_BYTES) {
            throw new ConfigurationError("tasks.secret.key", "the value is " + given.length + " bytes long; it must be at"
                    + " least " + MIN_BYTES + " (for example the output of `openssl rand -base64 48`), or unset"
                    + " to let the service generate one");
        }
        return Optional.of(given);
    }

    /** Loads or creates the secret; called once at start-up, after the schema migration. */
    public void initialize() {
        Optional<byte[]> given = configuredBytes();
        if (given.isPresent()) {
            secret = given.get();
            return;
        }
        try (Connection connection = database.dataSource().getConnection()) {
            Optional<String> stored = Settings.read(connection, SETTING);
            if (stored.isEmpty()) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                if (Settings.insertIfAbsent(connection, SETTING, Base64.getEncoder().encodeToString(fresh))) {
                    LOG.info("Generated the server secret (TASKS_SECRET_KEY is not set); it is kept in the database");
                }
                stored = Settings.read(connection, SETTING);
            }
            secret = Base64.getDecoder().decode(stored.orElseThrow());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load the server secret: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] derive(String purpose) {
        if (secret == null) {
            throw new IllegalStateException("the server secret is not initialised yet");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(("tasks:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
