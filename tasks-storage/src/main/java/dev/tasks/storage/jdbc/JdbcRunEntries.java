package dev.tasks.storage.jdbc;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.AgentActivity;
import dev.tasks.domain.run.EntryKind;
import dev.tasks.domain.run.EntryText;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.WireEnum;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.db.DatabaseVendor;
import dev.tasks.storage.db.RunRow;
import dev.tasks.storage.db.TaskVisibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Run entries over plain JDBC: an append is one locking update of the run's counter and one batch
 * insert, whatever the length of the log; reads walk the primary key {@code (run_id, seq)} in pages
 * bounded by count and by bytes, each on a connection held only for its query.
 * Connections come from the JTA data source, so an append joins the caller's transaction (and its
 * connection, on which the run row may already be locked); {@code append_log/} appends in a local
 * transaction of its own instead ({@link #appendReached}).
 */
@ApplicationScoped
public class JdbcRunEntries implements RunEntries {

    @Inject
    Database database;

    @Inject
    DatabaseNotifications notifications;

    @Override
    public long append(RunId run, List<NewEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        try (Connection connection = database.dataSource().getConnection()) {
            Counter counter = new Counter(entries, now);
            long last;
            try (PreparedStatement statement = connection.prepareStatement(counter.statement("last_seq",
                    " where id = ?"))) {
                statement.setObject(counter.bind(statement), run.value());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("run " + run + " does not exist");
                    }
                    last = row.getLong(1);
                }
            }
            insert(connection, run, entries, last, now);
            notifications.announceEntries(connection, run);
            return last;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append to run " + run + ": " + e.getMessage(), e);
        }
    }

    /**
     * One transaction on a connection of its own, outside the container's, in three round trips: the
     * counter's update finds the run, checks its task's visibility ({@link TaskVisibility}), locks the run,
     * answers the run's row and (on PostgreSQL) notifies the other instances; the batch insert; the commit,
     * after which this instance's stream readers are told.
     */
    @Override
    public Optional<Run> appendReached(ProjectId project, UserId viewer, TaskAccess access, TaskId task, RunId run,
                                       List<NewEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        Counter counter = new Counter(entries, now);
        String where = " where id = ? and task_id = ? and exists (select 1 from task t where t.id = task_run.task_id"
                + " and " + TaskVisibility.SQL.predicate(access) + ")";
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                Run appended = null;
                long last = 0;
                String notice = notifications.entriesNotice("id");
                try (PreparedStatement statement = connection.prepareStatement(counter.statement(
                        RunRow.columns("") + ", last_seq" + (notice == null ? "" : ", " + notice), where))) {
                    int index = counter.bind(statement);
                    statement.setObject(index++, run.value());
                    statement.setObject(index++, task.value());
                    statement.setLong(index++, project.value());
                    statement.setLong(index, viewer.value());
                    try (ResultSet row = statement.executeQuery()) {
                        if (row.next()) {
                            appended = RunRow.read(row, 1).toDomain();
                            last = row.getLong(RunRow.COLUMN_COUNT + 1);
                        }
                    }
                }
                if (appended == null) {
                    connection.rollback(); // nothing was written
                    return Optional.empty();
                }
                insert(connection, run, entries, last, now);
                connection.commit();
                notifications.entriesCommitted(run);
                return Optional.of(appended);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append to run " + run + ": " + e.getMessage(), e);
        }
    }

    /**
     * The update that locks a run's row and moves its counter past the entries' numbers, answering
     * {@code columns} of the row as changed. Agent appends also record {@code last_activity_at} as
     * {@link AgentActivity#recordedAfter} says.
     */
    private final class Counter {
        private final int count;
        private final Instant now;
        private final boolean agentActivity;

        Counter(List<NewEntry> entries, Instant now) {
            this.count = entries.size();
            this.now = now;
            this.agentActivity = AgentActivity.isActivity(entries);
        }

        String statement(String columns, String where) {
            String activity = agentActivity ? ", last_activity_at = case when last_activity_at is null"
                    + " or last_activity_at < ? then ? else last_activity_at end" : "";
            String update = "update task_run set last_seq = last_seq + ?, updated_at = ?" + activity + where;
            // PostgreSQL answers an update's rows with RETURNING; H2 reads them from the FINAL TABLE.
            return database.vendor() == DatabaseVendor.POSTGRESQL ? update + " returning " + columns
                    : "select " + columns + " from final table (" + update + ")";
        }

        /** Binds the counter's own parameters; answers the index of the first parameter of the where clause. */
        int bind(PreparedStatement statement) throws SQLException {
            int index = 1;
            statement.setLong(index++, count);
            statement.setObject(index++, utc(now));
            if (agentActivity) {
                statement.setObject(index++, utc(AgentActivity.staleBefore(now)));
                statement.setObject(index++, utc(now));
            }
            return index;
        }
    }

    /** The batch insert of entries numbered up to {@code last}. */
    private void insert(Connection connection, RunId run, List<NewEntry> entries, long last, Instant now)
            throws SQLException {
        long seq = last - entries.size();
        boolean postgres = database.vendor() == DatabaseVendor.POSTGRESQL;
        try (PreparedStatement insert = connection.prepareStatement("insert into run_entry"
                + " (run_id, seq, kind, body, event_type, entry_ts, created_at) values (?, ?, ?, "
                + (postgres ? "convert_from(?, 'UTF8')" : "?") + ", ?, ?, ?)")) {
            OffsetDateTime created = utc(now);
            for (NewEntry entry : entries) {
                insert.setObject(1, run.value());
                insert.setLong(2, ++seq);
                insert.setString(3, entry.kind().wireName());
                if (postgres) {
                    // The bytes go to the server straight from the request's buffer, never copied.
                    EntryText body = entry.body();
                    insert.setBinaryStream(4, new ByteArrayInputStream(body.buffer(), body.offset(), body.length()),
                            body.length());
                } else {
                    insert.setString(4, entry.body().toString());
                }
                insert.setString(5, entry.eventType());
                if (entry.timestamp() == null) {
                    insert.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    insert.setObject(6, utc(entry.timestamp()));
                }
                insert.setObject(7, created);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @Override
    public List<Entry> read(RunId run, EntryKind kind, long afterSeq, int limit, long maxBytes) {
        List<Object> parameters = new ArrayList<>(List.of(run.value(), afterSeq));
        String where = " where run_id = ? and seq > ?";
        if (kind != null) {
            where += " and kind = ?";
            parameters.add(kind.wireName());
        }
        List<Entry> entries = new ArrayList<>();
        select(bounded("seq, kind", where, limit, maxBytes, parameters), parameters, rows -> {
            while (rows.next()) {
                entries.add(new Entry(run, rows.getLong(1), WireEnum.fromWire(EntryKind.class, rows.getString(2)),
                        body(rows, 3)));
            }
        }, "read run " + run);
        return entries;
    }

    /**
     * Up to {@code limit} rows of {@code run_entry} matching {@code where}, in order of {@code seq},
     * while the bodies before each row add up to less than {@code maxBytes}; the body is the last
     * column. Sizes come from {@code octet_length}, which PostgreSQL answers without reading a
     * stored value, so rows past the bound cost no transfer.
     */
    private static String bounded(String columns, String where, int limit, long maxBytes, List<Object> parameters) {
        parameters.add(maxBytes);
        return "select " + columns + ", body from (select " + columns + ", body, octet_length(body) as size,"
                + " sum(octet_length(body)) over (order by seq rows between unbounded preceding and current row)"
                + " as upto from run_entry" + where + " order by seq fetch first " + limit + " rows only) page"
                + " where upto - size < ? order by seq";
    }

    /** A body as stored, as UTF-8 bytes (PostgreSQL hands text columns over in the client encoding). */
    private EntryText body(ResultSet rows, int column) throws SQLException {
        return database.vendor() == DatabaseVendor.POSTGRESQL ? EntryText.of(rows.getBytes(column))
                : EntryText.of(rows.getString(column));
    }

    @Override
    public long lastSeq(RunId run, EntryKind kind, String eventType) {
        String sql = "select max(seq) from run_entry where run_id = ?" + (kind == null ? "" : " and kind = ?")
                + (eventType == null ? "" : " and event_type = ?");
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            select.setObject(index++, run.value());
            if (kind != null) {
                select.setString(index++, kind.wireName());
            }
            if (eventType != null) {
                select.setString(index, eventType);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read run " + run + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long deleteCreatedBefore(Instant cutoff, int batch, long batchBytes) {
        long deleted = 0;
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from run_entry where (run_id, seq) in"
                     + " (select run_id, seq from (select run_id, seq, octet_length(body) as size,"
                     + " sum(octet_length(body)) over (order by created_at rows between unbounded preceding"
                     + " and current row) as upto from run_entry where created_at < ? order by created_at"
                     + " fetch first " + batch + " rows only) old where upto - size < ?)")) {
            delete.setObject(1, utc(cutoff));
            delete.setLong(2, batchBytes);
            int count;
            do {
                count = delete.executeUpdate();
                deleted += count;
            } while (count > 0);
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not purge old entries: " + e.getMessage(), e);
        }
    }

    @Override
    public long countLogs(RunId run, long afterSeq, LogFilter filter) {
        List<Object> parameters = new ArrayList<>();
        String where = logWhere(run, afterSeq, filter, parameters);
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select count(*) from run_entry" + where)) {
            bind(select, parameters);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count the log of run " + run + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<EntrySize> logSizes(RunId run, long afterSeq, LogFilter filter, long offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String sql = "select seq, octet_length(body) from run_entry" + logWhere(run, afterSeq, filter, parameters)
                + " order by seq offset " + offset + " rows fetch next " + limit + " rows only";
        List<EntrySize> sizes = new ArrayList<>();
        select(sql, parameters, rows -> {
            while (rows.next()) {
                sizes.add(new EntrySize(rows.getLong(1), rows.getLong(2)));
            }
        }, "size the log of run " + run);
        return sizes;
    }

    @Override
    public List<Entry> readLogs(RunId run, long afterSeq, long throughSeq, LogFilter filter, int limit,
                                long maxBytes) {
        List<Object> parameters = new ArrayList<>();
        String where = logWhere(run, afterSeq, filter, parameters) + " and seq <= ?";
        parameters.add(throughSeq);
        List<Entry> entries = new ArrayList<>();
        select(bounded("seq", where, limit, maxBytes, parameters), parameters, rows -> {
            while (rows.next()) {
                entries.add(new Entry(run, rows.getLong(1), EntryKind.LOG, body(rows, 2)));
            }
        }, "read the log of run " + run);
        return entries;
    }

    /** Runs one query on a connection of its own (outside any transaction: it is released at once). */
    private void select(String sql, List<Object> parameters, RowReader reader, String what) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private static String logWhere(RunId run, long afterSeq, LogFilter filter, List<Object> parameters) {
        StringBuilder where = new StringBuilder(" where run_id = ? and kind = 'log' and seq > ?");
        parameters.add(run.value());
        parameters.add(afterSeq);
        if (filter.after() != null) {
            where.append(" and entry_ts > ?");
            parameters.add(utc(filter.after()));
        }
        if (!filter.eventTypes().isEmpty()) {
            where.append(" and event_type in (").append(placeholders(filter.eventTypes().size())).append(')');
            parameters.addAll(filter.eventTypes());
        }
        if (!filter.excludeTypes().isEmpty()) {
            where.append(" and event_type not in (").append(placeholders(filter.excludeTypes().size())).append(')');
            parameters.addAll(filter.excludeTypes());
        }
        return where.toString();
    }

    /** Timestamps go to the database with their offset, whatever the JVM's default time zone. */
    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
