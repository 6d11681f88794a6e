package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link ReachedAppendContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class ReachedAppendPostgresqlTest extends ReachedAppendContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }
}
