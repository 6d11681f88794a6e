package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.RunEntries.NewEntry;
import dev.tasks.domain.run.RunId;
import dev.tasks.storage.db.TestDatabase;
import dev.tasks.storage.jpa.JpaFixtures;
import dev.tasks.storage.jpa.TestPersistence;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/**
 * A {@link JdbcRunEntries} on a test database, wired as the server wires it: its connections join
 * the caller's transaction ({@link ThreadTransactions}) and its notifications reach no subscriber.
 * The runs it appends to are stored through the JPA adapters.
 */
final class EntryStore implements AutoCloseable {

    private static final Instant RUNS_CREATED = Instant.parse("2026-01-01T00:00:00Z");

    final TestDatabase database;
    final JdbcRunEntries entries;
    final TestPersistence persistence;
    private final ThreadTransactions transactions;

    EntryStore(TestDatabase database) {
        this.database = database;
        persistence = new TestPersistence(database.dataSource());
        transactions = new ThreadTransactions(database.dataSource());
        entries = adapter(transactions.dataSource());
    }

    /** The adapter and its notifications over {@code dataSource}. */
    static JdbcRunEntries adapter(DataSource dataSource) {
        var entries = new JdbcRunEntries();
        entries.database = TestDatabase.over(dataSource);
        entries.notifications = TestNotifications.over(dataSource);
        return entries;
    }

    RunId newRun() {
        return JpaFixtures.aRun(persistence, RUNS_CREATED);
    }

    /** Appends in a transaction of its own, committed before this returns, as {@code append_log/} does. */
    long append(RunId run, Instant now, NewEntry... newEntries) throws Exception {
        return transactions.inTransaction(() -> entries.append(run, List.of(newEntries), now));
    }

    /** The run row's {@code last_seq} counter. */
    long counter(RunId run) {
        return database.value(Long.class, "select last_seq from task_run where id = ?", run.value());
    }

    /** A time column of the run row, or null. */
    Instant runTime(String column, RunId run) {
        OffsetDateTime time = database.value(OffsetDateTime.class, "select " + column + " from task_run where id = ?",
                run.value());
        return time == null ? null : time.toInstant();
    }

    @Override
    public void close() {
        persistence.close();
        database.close();
    }
}
