package dev.tasks.web.app;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pooled, transactional data source. {@code TASKS_DB_URL} chooses the database (embedded H2
 * file by default, PostgreSQL in production); {@code TasksDataSource} picks the driver from it.
 */
@DataSourceDefinition(
        name = "java:app/jdbc/tasks",
        className = "dev.tasks.storage.db.TasksDataSource",
        url = "${MPCONFIG=tasks.db.url}",
        user = "${MPCONFIG=tasks.db.user}",
        password = "${MPCONFIG=tasks.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        properties = {"fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=meta-data",
                "fish.payara.fail-all-connections=true"})
@ApplicationScoped
public class DatabaseConfiguration {
}
