package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link EntryAppendContract} on the embedded H2 database. */
class EntryAppendH2Test extends EntryAppendContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
