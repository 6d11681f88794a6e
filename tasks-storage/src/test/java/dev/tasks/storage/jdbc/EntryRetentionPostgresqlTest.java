package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link EntryRetentionContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class EntryRetentionPostgresqlTest extends EntryRetentionContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }
}
