package dev.tasks.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The schema every adapter test stands on (docs/logs-and-stream.md#entries): {@link SchemaMigrations} applies
 * every migration of {@code db/migration} once, with the vendor's type names for the
 * {@code ${text}} and {@code ${bytes}} placeholders.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class SchemaMigrationsContract {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private TestDatabase database;

    abstract TestDatabase openDatabase();

    /** What the database calls the type of a {@code ${text}} column. */
    abstract String textType();

    /** What the database calls the type of a {@code ${bytes}} column. */
    abstract String bytesType();

    @BeforeAll
    void open() {
        database = openDatabase();
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void appliesEveryMigrationOfTheApplication() throws IOException, URISyntaxException {
        assertEquals(migrationVersions(), appliedVersions());
    }

    @Test
    void migratingAgainAppliesNothing() {
        long before = database.value(Long.class, "select count(*) from flyway_schema_history");

        database.migrate();

        assertEquals(before, database.value(Long.class, "select count(*) from flyway_schema_history"));
    }

    @Test
    void fillsTheVendorsTypeNamesIn() {
        assertEquals(textType(), columnType("run_entry", "body"));
        assertEquals(bytesType(), columnType("integration", "sensitive_config"));
    }

    private String columnType(String table, String column) {
        return database.value(String.class, "select data_type from information_schema.columns"
                + " where table_schema = current_schema() and table_name = ? and column_name = ?", table, column);
    }

    private static Set<String> migrationVersions() throws IOException, URISyntaxException {
        Path folder = Path.of(SchemaMigrations.class.getClassLoader().getResource("db/migration").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> VERSIONED.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(match -> match.group(1)).collect(Collectors.toSet());
        }
    }

    private Set<String> appliedVersions() {
        String versions = database.value(String.class, "select string_agg(version, ',') from flyway_schema_history"
                + " where success and version is not null");
        return Set.of(versions.split(","));
    }
}
