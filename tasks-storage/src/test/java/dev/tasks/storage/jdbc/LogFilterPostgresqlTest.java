package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link LogFilterContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class LogFilterPostgresqlTest extends LogFilterContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }
}
