package dev.tasks.domain.task;

import dev.tasks.domain.identity.User;
import dev.tasks.domain.run.Run;

/** A task as the API shows it: with its creator and its latest run (either may be null). */
public record TaskDetails(Task task, User creator, Run latestRun) {
}
