package dev.tasks.storage.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** What the row records ({@link TaskRow}, {@link UserRow}, {@link RunRow}) share: select lists and typed reads. */
final class Rows {

    private Rows() {
    }

    /** {@code columns} as a select list, each qualified by {@code alias} unless it is empty. */
    static String selectList(String alias, List<String> columns) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return columns.stream().map(column -> prefix + column).collect(Collectors.joining(", "));
    }

    /*
     * The typed reads below ask for the driver's own object with getObject(int) and convert it here:
     * the application server's wrapper of a pooled result set answers getObject(int, Class) by looking
     * the method up by reflection on every call (about 3 % of a task read's CPU on PostgreSQL).
     */

    /** A nullable {@code timestamp with time zone}: an OffsetDateTime from H2, a Timestamp from PostgreSQL. */
    static Instant instant(ResultSet rows, int column) throws SQLException {
        Object value = rows.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** A nullable {@code uuid}. */
    static UUID uuid(ResultSet rows, int column) throws SQLException {
        Object value = rows.getObject(column);
        return value == null || value instanceof UUID ? (UUID) value : rows.getObject(column, UUID.class);
    }

    /** A nullable {@code integer}. */
    static Integer integerOrNull(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    /** A nullable {@code bigint}. */
    static Long longOrNull(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }
}
