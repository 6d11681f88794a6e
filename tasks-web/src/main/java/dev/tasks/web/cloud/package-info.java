/** Cloud runs: starting them with their sandbox, and the jobs that give them one and end them (docs/cloud-runs.md). */
package dev.tasks.web.cloud;
