package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What a sandbox key (docs/cloud-runs.md#sandbox-keys) is bound to: the run it was minted for, that run's task, and the
 * moment it stops working. The agent in the sandbox may use every route of its task (every run of it,
 * so it can read the run it resumes) and the few routes open to sandbox keys; a route of another task
 * is answered as if that task did not exist, and any other route is refused. (The ids are plain UUIDs:
 * identity does not depend on runs and tasks.)
 */
public record SandboxBinding(UUID run, UUID task, Instant expiresAt) {

    /** What a route is to a sandbox key. */
    public enum Verdict { ALLOWED, NOT_FOUND, FORBIDDEN }

    public SandboxBinding {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * @param routeTask the task id the route's path names (as sent), or null for a route of no task
     * @param openRoute whether the route is open to sandbox keys ({@code GET /api/users/@me/})
     */
    public Verdict admits(String routeTask, boolean openRoute) {
        if (routeTask != null) {
            return task.toString().equals(routeTask.toLowerCase(Locale.ROOT)) ? Verdict.ALLOWED : Verdict.NOT_FOUND;
        }
        return openRoute ? Verdict.ALLOWED : Verdict.FORBIDDEN;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
