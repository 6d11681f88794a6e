package dev.tasks.storage.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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

    static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
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
