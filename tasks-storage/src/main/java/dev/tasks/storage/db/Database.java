package dev.tasks.storage.db;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The application's pooled data source, and what the rest of the application needs to know about it. */
@ApplicationScoped
public class Database {

    @Resource(lookup = "java:app/jdbc/tasks")
    DataSource dataSource;

    private volatile DatabaseVendor vendor;

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseVendor vendor() {
        if (vendor == null) {
            try (Connection connection = dataSource.getConnection()) {
                vendor = DatabaseVendor.fromProductName(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("Database not reachable: " + e.getMessage(), e);
            }
        }
        return vendor;
    }

    /** Whether a connection can be had and answers within two seconds: the readiness check. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
