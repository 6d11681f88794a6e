/** Slack thread mappings of tasks and the jobs that post into them (cloud.md §6). */
package dev.tasks.web.slack;
