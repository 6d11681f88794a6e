package dev.tasks.domain.run;

import dev.tasks.domain.task.Uuids;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A run's UUID. */
public record RunId(UUID value) {
    public RunId {
        Objects.requireNonNull(value, "value");
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID());
    }

    public static Optional<RunId> parse(String text) {
        return Uuids.parse(text).map(RunId::new);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
