package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link ReachedAppendContract} on the embedded H2 database. */
class ReachedAppendH2Test extends ReachedAppendContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
