package dev.tasks.storage.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway at start-up, before anything else touches the database.
 * On PostgreSQL Flyway serialises concurrent migrations with an advisory lock, so several instances
 * starting together against one database do not race.
 */
@ApplicationScoped
public class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Inject
    Database database;

    public void migrate() {
        DatabaseVendor vendor = database.vendor();
        var result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .placeholders(vendor.placeholders())
                .load()
                .migrate();
        LOG.info(() -> "Database schema (" + vendor + ") at version " + result.targetSchemaVersion
                + ", " + result.migrationsExecuted + " migration(s) applied");
    }
}
