/**
 * Tasks: units of work for a coding agent, their numbering and slugs, title derivation, and who may
 * read or drive them.
 */
package dev.tasks.domain.task;
