package dev.tasks.storage.db;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The two databases the service runs on. Migrations are shared; the few type names that differ
 * are Flyway placeholders filled from {@link #placeholders()}.
 */
public enum DatabaseVendor {
    POSTGRESQL(Map.of("text", "text", "bytes", "bytea")),
    H2(Map.of("text", "varchar", "bytes", "varbinary"));

    private final Map<String, String> placeholders;

    DatabaseVendor(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public Map<String, String> placeholders() {
        return placeholders;
    }

    public static DatabaseVendor fromUrl(String url) throws SQLException {
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url != null && url.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new SQLException("Unsupported database URL (expected jdbc:postgresql: or jdbc:h2:): " + url);
    }

    public static DatabaseVendor fromProductName(String productName) {
        return productName != null && productName.toLowerCase().contains("postgres") ? POSTGRESQL : H2;
    }

    DataSource dataSource(String url, String user, String password) {
        return switch (this) {
            case POSTGRESQL -> {
                var ds = new PGSimpleDataSource();
                ds.setURL(url);
                // Fail fast when the server is down or unreachable, unless the URL says otherwise.
                if (!url.contains("connectTimeout=")) {
                    ds.setConnectTimeout(5);
                }
                if (!url.contains("loginTimeout=")) {
                    ds.setLoginTimeout(10);
                }
                if (!url.contains("tcpKeepAlive=")) {
                    ds.setTcpKeepAlive(true);
                }
                if (user != null && !user.isBlank()) {
                    ds.setUser(user);
                }
                if (password != null && !password.isEmpty()) {
                    ds.setPassword(password);
                }
                yield ds;
            }
            case H2 -> {
                var ds = new JdbcDataSource();
                ds.setURL(url);
                ds.setUser(user == null || user.isBlank() ? "sa" : user);
                ds.setPassword(password == null ? "" : password);
                yield ds;
            }
        };
    }
}
