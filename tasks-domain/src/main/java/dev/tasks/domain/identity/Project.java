package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A project: the unit every task, run, log and artifact belongs to, and the unit of access. Users
 * reach a project through membership (administrators reach every project). Projects are never
 * deleted. The three flags are the settings repository readiness reads.
 */
public record Project(ProjectId id, String name, ProjectSettings settings, Instant createdAt) {

    public static final int MAX_NAME_LENGTH = 200;

    public Project {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
        name = checkedName(name);
    }

    /** The name as stored: trimmed, 1 to 200 characters. */
    public static String checkedName(String name) {
        Objects.requireNonNull(name, "name");
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("project names have 1 to 200 characters");
        }
        return trimmed;
    }

    public Project renamed(String newName) {
        return new Project(id, newName, settings, createdAt);
    }

    public Project withSettings(ProjectSettings newSettings) {
        return new Project(id, name, newSettings, createdAt);
    }
}
