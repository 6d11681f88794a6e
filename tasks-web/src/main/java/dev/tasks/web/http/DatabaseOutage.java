package dev.tasks.web.http;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure caused by the database being unreachable (down, restarting, or its connections
 * cut) from any other: such a request is answered 503 with PostHog's error body, not 500, and the
 * client may retry. The cause chain is walked, SQL exceptions' chains included, because JPA,
 * transactions and the connection pool each wrap the driver's exception (often without its state).
 */
public final class DatabaseOutage {

    /** PostgreSQL: admin shutdown, crash shutdown, cannot connect now (starting or stopping), too many connections. */
    private static final Set<String> SERVER_GOING = Set.of("57P01", "57P02", "57P03", "53300");
    /** Exceptions of the pool and of Hibernate, matched by name: the web module does not link them. */
    private static final Set<String> CONNECTION_FAILURES = Set.of(
            "org.hibernate.exception.JDBCConnectionException",
            "com.sun.appserv.connectors.internal.api.PoolingException",
            "jakarta.resource.spi.ResourceAllocationException");

    private DatabaseOutage() {
    }

    public static boolean isCause(Throwable failure) {
        int depth = 0;
        boolean underSql = false;
        for (Throwable cause = failure; cause != null && depth < 64; cause = cause.getCause(), depth++) {
            underSql |= cause instanceof SQLException || CONNECTION_FAILURES.contains(cause.getClass().getName());
            if (is(cause, underSql)) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null && depth < 64;
                        next = next.getNextException(), depth++) {
                    if (is(next, true)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A socket failure counts only below a database failure: the object store and peers fail that way too. */
    private static boolean is(Throwable cause, boolean underSql) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                || CONNECTION_FAILURES.contains(cause.getClass().getName())
                || underSql && (cause instanceof ConnectException || cause instanceof SocketTimeoutException)) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            return sql.getSQLState().startsWith("08") || SERVER_GOING.contains(sql.getSQLState());
        }
        return false;
    }

    /** The answer to a request the outage stopped. */
    public static ApiException answer() {
        return ApiException.unavailable("The database is unavailable; try again shortly.", 2);
    }
}
