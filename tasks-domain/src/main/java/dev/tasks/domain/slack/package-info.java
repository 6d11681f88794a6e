/**
 * Slack (docs/cloud-runs.md#slack): thread mappings that tie a Slack thread to a task or run, and the messages the
 * service posts into them.
 */
package dev.tasks.domain.slack;
