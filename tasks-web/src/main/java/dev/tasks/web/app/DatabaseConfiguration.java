package dev.tasks.web.app;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pooled, transactional data source. {@code TASKS_DB_URL} chooses the database (embedded H2
 * file by default, PostgreSQL in production); {@code TasksDataSource} picks the driver from it.
 * A connection is checked with a real round trip ({@code Connection.isValid}) when it was not used
 * for two seconds, and one failed check empties the pool, so after a database restart dead
 * connections are replaced at once instead of failing request after request; a request never waits
 * more than five seconds for a connection, and a refused connection fails at once (no retries).
 * Every connection of the pool has the same credentials, so a free one is taken without asking the
 * driver to match it to the request ({@code match-connections=false}: the matching was about a fifth
 * of the CPU a request spent getting its connection).
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
                "fish.payara.connection-validation-method=custom-validation",
                "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
                "fish.payara.validate-atmost-once-period-in-seconds=2",
                "fish.payara.fail-all-connections=true",
                "fish.payara.max-wait-time-in-millis=5000",
                "fish.payara.connection-creation-retry-attempts=0",
                "fish.payara.match-connections=false"})
@ApplicationScoped
public class DatabaseConfiguration {
}
