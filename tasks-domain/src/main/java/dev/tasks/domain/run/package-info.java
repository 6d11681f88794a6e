/** Runs: executions of a task by an agent, their status, state, output and log. */
package dev.tasks.domain.run;
