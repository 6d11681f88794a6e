package dev.tasks.storage.jpa;

import dev.tasks.storage.db.TestDatabase;

/** {@link TaskVisibilityContract} on the embedded H2 database. */
class TaskVisibilityH2Test extends TaskVisibilityContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
