package dev.tasks.domain.task;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.Locale;
import java.util.Optional;

/** A GitHub repository as {@code organization/repository}, lower-cased. */
public record RepositoryName(String value) {

    public static final String FORMAT_MESSAGE = "Repository must be in the format organization/repository";

    public RepositoryName {
        String[] parts = value.split("/", -1);
        // "." and ".." would be path steps, not names, once the parts are placed in a URL.
        if (parts.length != 2 || isNotAName(parts[0]) || isNotAName(parts[1])) {
            throw new InvalidValueException("repository", FORMAT_MESSAGE);
        }
        value = value.toLowerCase(Locale.ROOT);
    }

    private static boolean isNotAName(String part) {
        return part.isEmpty() || ".".equals(part) || "..".equals(part);
    }

    /** Null or empty means "no repository". */
    public static Optional<RepositoryName> parseOptional(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(new RepositoryName(text));
    }

    public String organization() {
        return value.substring(0, value.indexOf('/'));
    }

    public String name() {
        return value.substring(value.indexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
