package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link ModelCallsContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class ModelCallsPostgresqlTest extends ModelCallsContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }
}
