package dev.tasks.storage.secret;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Rows of {@code server_setting}: values the server generates once and every instance shares. */
final class Settings {
    private Settings() {
    }

    static Optional<String> read(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select setting_value from server_setting where name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Inserts the value unless another instance got there first; true when this call stored it. */
    static boolean insertIfAbsent(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into server_setting (name, setting_value) values (?, ?)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (read(connection, name).isPresent()) {
                return false;
            }
            throw e;
        }
    }
}
