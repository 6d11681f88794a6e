/** Slack thread mappings of tasks and the jobs that post into them (docs/cloud-runs.md#slack). */
package dev.tasks.web.slack;
