package dev.tasks.domain.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.shared.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The repository format (docs/tasks.md#repositories). */
class RepositoryNameTest {

    @Test
    void organizationSlashNameIsLowerCased() {
        RepositoryName name = new RepositoryName("PostHog/PostHog-JS");
        assertEquals("posthog/posthog-js", name.value());
        assertEquals("posthog", name.organization());
        assertEquals("posthog-js", name.name());
    }

    @ParameterizedTest
    @CsvSource({"posthog", "a/b/c", "/b", "a/", "/", "../b", "a/..", "./b", "a/."})
    void otherShapesAreRefused(String text) {
        var error = assertThrows(InvalidValueException.class, () -> new RepositoryName(text));
        assertEquals(RepositoryName.FORMAT_MESSAGE, error.getMessage());
    }

    @Test
    void emptyMeansNone() {
        assertTrue(RepositoryName.parseOptional("").isEmpty());
        assertTrue(RepositoryName.parseOptional(null).isEmpty());
    }
}
