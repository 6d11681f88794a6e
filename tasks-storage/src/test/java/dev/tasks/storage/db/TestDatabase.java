package dev.tasks.storage.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A database of one test class's own, holding the application's schema from the real Flyway
 * migrations: an in-memory H2 database with the settings of the application's embedded H2 URL, or a
 * fresh schema in the PostgreSQL database of {@code TASKS_TEST_DB_URL} ({@code TASKS_TEST_DB_USER},
 * {@code TASKS_TEST_DB_PASSWORD}). Closing it drops what it created and nothing else: the web tests
 * may be using the same PostgreSQL database at the same time.
 */
public final class TestDatabase implements AutoCloseable {

    private final DataSource dataSource;
    private final String dropStatement;

    private TestDatabase(DataSource dataSource, String dropStatement) {
        this.dataSource = dataSource;
        this.dropStatement = dropStatement;
        try {
            migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A new in-memory H2 database in PostgreSQL mode, as the application's default H2 URL sets it up. */
    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:" + uniqueName()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        return new TestDatabase(DatabaseVendor.H2.dataSource(url, null, null), "shutdown");
    }

    /** A new schema in the PostgreSQL database of {@code TASKS_TEST_DB_URL}, the only one its connections see. */
    public static TestDatabase postgresql() {
        String url = System.getenv("TASKS_TEST_DB_URL");
        String user = System.getenv("TASKS_TEST_DB_USER");
        String password = System.getenv("TASKS_TEST_DB_PASSWORD");
        String schema = uniqueName();
        execute(DatabaseVendor.POSTGRESQL.dataSource(url, user, password), "create schema " + schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new TestDatabase(DatabaseVendor.POSTGRESQL.dataSource(schemaUrl, user, password),
                "drop schema " + schema + " cascade");
    }

    private static String uniqueName() {
        return "storage_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The application's {@link Database} over {@code dataSource}. */
    public static Database over(DataSource dataSource) {
        Database database = new Database();
        database.dataSource = dataSource;
        return database;
    }

    /** Brings the schema up to date the way the application does at start-up. */
    public void migrate() {
        SchemaMigrations migrations = new SchemaMigrations();
        migrations.database = over(dataSource);
        migrations.migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The first column of the first row {@code sql} selects, or null when it is SQL NULL. */
    public <T> T value(Class<T> type, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("No row: " + sql);
                }
                return row.getObject(1, type);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement on a connection of its own. */
    public void execute(String sql) {
        execute(dataSource, sql);
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        execute(dropStatement);
    }
}
