package dev.tasks.web.http;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.task.TaskId;

/**
 * Ids in request paths, turned into the domain's types at the edge. A malformed id names nothing:
 * 404, with the detail the route gives for a missing task or run. Resources parse the ids after
 * the body, so a bad body still answers 400 first, as PostHog's validation does.
 */
public final class PathIds {

    private PathIds() {
    }

    /** The task of a run route: 404 {@code Task not found} when malformed. */
    public static TaskId taskOfRun(String text) {
        return TaskId.parse(text).orElseThrow(NotFound::task);
    }

    /** A task on the task routes: 404 {@code Not found.} when malformed. */
    public static TaskId task(String text) {
        return TaskId.parse(text).orElseThrow(NotFound::addressed);
    }

    /** A run: 404 {@code Not found.} when malformed. */
    public static RunId run(String text) {
        return RunId.parse(text).orElseThrow(NotFound::addressed);
    }
}
