package dev.tasks.storage.db;

import dev.tasks.domain.shared.ConfigurationError;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.engine.jdbc.connections.internal.DataSourceConnectionProvider;

/**
 * Hibernate's connections come from the data source the server hands the persistence unit (the
 * application's own, {@code java:app/jdbc/tasks}), unless the administrator named a JDBC resource of
 * the server ({@link AdministeredDataSource}): then from that one. The persistence unit names this
 * class as {@code hibernate.connection.provider_class}.
 */
public class TasksConnectionProvider extends DataSourceConnectionProvider {

    private static final Logger LOG = Logger.getLogger(TasksConnectionProvider.class.getName());

    @Override
    public void configure(Map<String, Object> settings) {
        try {
            AdministeredDataSource.configured(ConfigProvider.getConfig()).ifPresent(this::setDataSource);
        } catch (ConfigurationError e) {
            // The persistence unit is deployed before the application starts: say it here, on one line.
            LOG.severe(e.startFailure());
            throw e;
        }
        super.configure(settings);
    }
}
