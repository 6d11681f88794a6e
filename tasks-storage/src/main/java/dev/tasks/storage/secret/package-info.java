/** The server secret: configured or generated once and shared through the database; encryption at rest. */
package dev.tasks.storage.secret;
