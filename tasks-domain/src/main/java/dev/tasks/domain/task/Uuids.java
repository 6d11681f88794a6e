package dev.tasks.domain.task;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Strict parsing of hyphenated UUIDs in any case (the JDK's parser also accepts odd short forms). */
public final class Uuids {

    private static final Pattern HYPHENATED =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    public static Optional<UUID> parse(String text) {
        if (text == null || !HYPHENATED.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text));
    }
}
