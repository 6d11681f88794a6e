/**
 * Slack (cloud.md §6): thread mappings that tie a Slack thread to a task or run, and the messages the
 * service posts into them.
 */
package dev.tasks.domain.slack;
