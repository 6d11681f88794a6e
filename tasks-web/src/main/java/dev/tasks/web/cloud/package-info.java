/** Cloud runs: starting them with their sandbox, and the jobs that give them one and end them (cloud.md). */
package dev.tasks.web.cloud;
