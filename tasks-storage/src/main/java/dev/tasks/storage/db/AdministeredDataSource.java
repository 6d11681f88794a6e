package dev.tasks.storage.db;

import dev.tasks.domain.shared.ConfigurationError;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * The data source an administrator defined on the application server, when {@code tasks.db.jndi.name}
 * names one (a JDBC resource such as {@code jdbc/tasks}, made with {@code asadmin create-jdbc-resource}
 * or on the admin console). The server then owns the pool, its driver, its credentials and its
 * monitoring, and the application's own data source ({@code tasks.db.url}) is not used. JPA
 * ({@link TasksConnectionProvider}) and plain JDBC ({@link Database}) both take their connections
 * from the one this chooses.
 */
public final class AdministeredDataSource {

    /** The configuration key naming the server's JDBC resource. */
    public static final String KEY = "tasks.db.jndi.name";

    private AdministeredDataSource() {
    }

    /**
     * The administrator's data source, or empty when the setting is unset or blank.
     *
     * @throws ConfigurationError when nothing usable is bound to the name
     */
    public static Optional<DataSource> configured(Config config) {
        return config.getOptionalValue(KEY, String.class).map(String::strip).filter(name -> !name.isEmpty())
                .map(AdministeredDataSource::lookup);
    }

    private static DataSource lookup(String name) {
        Object bound;
        try {
            bound = InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new ConfigurationError(KEY, "no JDBC resource is bound to '" + name + "'; create it with"
                    + " asadmin create-jdbc-resource (or on the admin console), or unset the setting to use"
                    + " tasks.db.url", e);
        }
        if (bound instanceof DataSource dataSource) {
            return dataSource;
        }
        throw new ConfigurationError(KEY, "'" + name + "' is bound to a " + bound.getClass().getName()
                + ", not a JDBC data source");
    }
}
