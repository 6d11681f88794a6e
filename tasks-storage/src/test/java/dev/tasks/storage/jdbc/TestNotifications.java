package dev.tasks.storage.jdbc;

import dev.tasks.storage.db.TestDatabase;
import javax.sql.DataSource;

/** The application's {@link DatabaseNotifications} over a test's data source, outside the server. */
public final class TestNotifications {

    private TestNotifications() {
    }

    public static DatabaseNotifications over(DataSource dataSource) {
        var notifications = new DatabaseNotifications();
        notifications.database = TestDatabase.over(dataSource);
        return notifications;
    }
}
