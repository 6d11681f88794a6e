package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;

/** {@link EntryRetentionContract} on the embedded H2 database. */
class EntryRetentionH2Test extends EntryRetentionContract {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2();
    }
}
