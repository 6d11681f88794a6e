package dev.tasks.domain.task;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A task's UUID. */
public record TaskId(UUID value) {
    public TaskId {
        Objects.requireNonNull(value, "value");
    }

    public static TaskId random() {
        return new TaskId(UUID.randomUUID());
    }

    /** Parses a path segment; anything that is not a hyphenated UUID is no task at all. */
    public static Optional<TaskId> parse(String text) {
        return Uuids.parse(text).map(TaskId::new);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
