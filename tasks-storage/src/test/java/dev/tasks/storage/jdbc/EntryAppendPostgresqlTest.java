package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link EntryAppendContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class EntryAppendPostgresqlTest extends EntryAppendContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }
}
