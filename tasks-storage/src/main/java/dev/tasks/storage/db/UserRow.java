package dev.tasks.storage.db;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An {@code app_user} row as stored, and the one translation of it into a {@link User}. */
public record UserRow(long id, UUID uuid, String distinctId, String email, String firstName, String lastName,
                      boolean staff, boolean active, Instant dateJoined, Long currentProjectId) {

    /** The columns {@link #read} expects, in its order. */
    private static final List<String> COLUMNS = List.of("id", "uuid", "distinct_id", "email", "first_name", "last_name",
            "is_staff", "is_active", "date_joined", "current_project_id");
    /** How many columns {@link #columns} lists. */
    public static final int COLUMN_COUNT = COLUMNS.size();

    /** The columns {@link #read} expects, qualified by {@code alias} unless it is empty. */
    public static String columns(String alias) {
        return Rows.selectList(alias, COLUMNS);
    }

    /** The row whose {@link #columns} start at column {@code first} of {@code rows}; null when its id is SQL NULL. */
    public static UserRow read(ResultSet rows, int first) throws SQLException {
        Long id = Rows.longOrNull(rows, first);
        return id == null ? null : new UserRow(id, Rows.uuid(rows, first + 1), rows.getString(first + 2),
                rows.getString(first + 3), rows.getString(first + 4), rows.getString(first + 5),
                rows.getBoolean(first + 6), rows.getBoolean(first + 7), Rows.instant(rows, first + 8),
                Rows.longOrNull(rows, first + 9));
    }

    public User toDomain() {
        return new User(new UserId(id), uuid, distinctId, email, firstName, lastName, staff, active, dateJoined,
                currentProjectId == null ? null : new ProjectId(currentProjectId));
    }
}
