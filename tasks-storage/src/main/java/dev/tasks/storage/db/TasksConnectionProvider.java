package dev.tasks.storage.db;

import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hibernate.engine.jdbc.connections.internal.DataSourceConnectionProvider;

/**
 * Hibernate's connections come from the data source the server hands the persistence unit (the
 * application's own, {@code java:app/jdbc/tasks}), unless the administrator named a JDBC resource of
 * the server ({@link AdministeredDataSource}): then from that one. The persistence unit names this
 * class as {@code hibernate.connection.provider_class}.
 */
public class TasksConnectionProvider extends DataSourceConnectionProvider {

    @Override
    public void configure(Map<String, Object> settings) {
        AdministeredDataSource.configured(ConfigProvider.getConfig()).ifPresent(this::setDataSource);
        super.configure(settings);
    }
}
