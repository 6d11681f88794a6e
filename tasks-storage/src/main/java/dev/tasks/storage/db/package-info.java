/** The database connection, its vendors, and the Flyway schema migrations. */
package dev.tasks.storage.db;
