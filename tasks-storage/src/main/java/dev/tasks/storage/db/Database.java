package dev.tasks.storage.db;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * The application's pooled data source, and what the rest of the application needs to know about it:
 * its own ({@code java:app/jdbc/tasks}, from {@code tasks.db.url}) or the server's JDBC resource the
 * administrator named ({@link AdministeredDataSource}).
 */
@ApplicationScoped
public class Database {

    @Resource(lookup = "java:app/jdbc/tasks")
    DataSource own;

    @Inject
    Config config;

    /** The one chosen, on first use; tests set it directly. */
    volatile DataSource dataSource;
    private volatile DatabaseVendor vendor;

    public DataSource dataSource() {
        DataSource chosen = dataSource;
        if (chosen == null) {
            chosen = AdministeredDataSource.configured(config).orElse(own);
            dataSource = chosen;
        }
        return chosen;
    }

    public DatabaseVendor vendor() {
        if (vendor == null) {
            try (Connection connection = dataSource().getConnection()) {
                vendor = DatabaseVendor.fromProductName(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("Database not reachable: " + e.getMessage(), e);
            }
        }
        return vendor;
    }

    /** Whether a connection can be had and answers within two seconds: the readiness check. */
    public boolean isReachable() {
        try (Connection connection = dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
