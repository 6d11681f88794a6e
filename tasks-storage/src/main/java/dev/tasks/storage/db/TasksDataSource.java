package dev.tasks.storage.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The one {@link DataSource} class the application server pools. It chooses the vendor's own
 * data source from the JDBC URL, so that {@code TASKS_DB_URL} alone switches between the embedded
 * H2 file database and PostgreSQL: the operator never names a driver class.
 */
public class TasksDataSource implements DataSource {

    private String url;
    private String user;
    private String password;
    private DataSource delegate;

    public void setUrl(String url) {
        this.url = url;
        this.delegate = null;
    }

    public String getUrl() {
        return url;
    }

    /** Some containers pass the URL under this spelling. */
    public void setURL(String url) {
        setUrl(url);
    }

    public void setUser(String user) {
        this.user = configured(user);
        this.delegate = null;
    }

    public String getUser() {
        return user;
    }

    public void setPassword(String password) {
        this.password = configured(password);
        this.delegate = null;
    }

    /**
     * An unset optional setting reaches us as its unresolved {@code ${MPCONFIG=...}} expression
     * (MicroProfile Config treats an empty value as missing): that means "none".
     */
    private static String configured(String value) {
        return value == null || value.startsWith("${") ? null : value;
    }

    private synchronized DataSource delegate() throws SQLException {
        if (delegate == null) {
            delegate = DatabaseVendor.fromUrl(url).dataSource(url, user, password);
        }
        return delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used: the driver logs through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool applies its own timeouts
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate().isWrapperFor(iface);
    }
}
