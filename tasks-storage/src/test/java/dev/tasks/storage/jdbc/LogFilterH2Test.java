package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link LogFilterContract} on the embedded H2 database. */
class LogFilterH2Test extends LogFilterContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
