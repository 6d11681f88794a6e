/** Plain JDBC adapters, for tables whose access pattern is simpler or hotter than an entity model suits. */
package dev.tasks.storage.jdbc;
