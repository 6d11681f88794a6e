package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link ModelCallsContract} on the embedded H2 database. */
class ModelCallsH2Test extends ModelCallsContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
