package dev.tasks.storage.jdbc;

import java.sql.Connection;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * Connections as the server's JTA data source hands them to the adapter: inside {@link #inTransaction},
 * every connection the thread asks for is that transaction's one connection (autocommit off, and
 * closing it leaves it open), committed when the work returns and rolled back when it throws. Outside
 * a transaction each connection is a new one in autocommit mode.
 */
final class ThreadTransactions {

    private final DataSource target;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    ThreadTransactions(DataSource target) {
        this.target = target;
    }

    DataSource dataSource() {
        return Proxies.intercept(DataSource.class, target, (method, arguments, call) ->
                method.getName().equals("getConnection") && current.get() != null ? joined(current.get())
                        : call.proceed());
    }

    private static Connection joined(Connection transaction) {
        return Proxies.intercept(Connection.class, transaction, (method, arguments, call) ->
                method.getName().equals("close") ? null : call.proceed());
    }

    <T> T inTransaction(Callable<T> work) throws Exception {
        try (Connection connection = target.getConnection()) {
            connection.setAutoCommit(false);
            current.set(connection);
            try {
                T result = work.call();
                connection.commit();
                return result;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                current.remove();
            }
        }
    }
}
