package dev.tasks.domain.identity;

import java.time.Instant;

/** A user's explicit membership of a project. Administrators need none to reach a project. */
public record Membership(ProjectId project, User user, Instant joinedAt) {
}
