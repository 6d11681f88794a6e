package dev.tasks.storage.db;


/** {@link SchemaMigrationsContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class SchemaMigrationsPostgresqlTest extends SchemaMigrationsContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }

    @Override
    String textType() {
        return "text";
    }

    @Override
    String bytesType() {
        return "bytea";
    }
}
