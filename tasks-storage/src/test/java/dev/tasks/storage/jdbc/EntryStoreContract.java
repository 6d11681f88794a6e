package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.RunEntries.Entry;
import dev.tasks.storage.db.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/** What the contracts of {@link JdbcRunEntries} stand on: an {@link EntryStore} on a database of the class's own. */
@TestInstance(Lifecycle.PER_CLASS)
abstract class EntryStoreContract {

    EntryStore store;

    abstract TestDatabase openDatabase();

    @BeforeAll
    void openStore() {
        store = new EntryStore(openDatabase());
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    static List<Long> seqs(List<Entry> entries) {
        return entries.stream().map(Entry::seq).toList();
    }

    static List<String> bodies(List<Entry> entries) {
        return entries.stream().map(entry -> entry.body().toString()).toList();
    }
}
