package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link EntryReadContract} on the embedded H2 database. */
class EntryReadH2Test extends EntryReadContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
