package dev.tasks.storage.jpa;

import dev.tasks.storage.db.TestDatabase;

/** {@link TaskVisibilityContract} on PostgreSQL named by {@code TASKS_TEST_DB_URL} (the build runs it only then). */
class TaskVisibilityPostgresqlTest extends TaskVisibilityContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.postgresql();
    }
}
