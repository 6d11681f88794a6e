/** Run endpoints: the run object, its updates, logs and live stream. */
package dev.tasks.web.runs;
