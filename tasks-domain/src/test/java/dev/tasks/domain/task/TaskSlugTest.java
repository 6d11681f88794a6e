package dev.tasks.domain.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slugs (docs/tasks.md#task-numbers-and-slugs). */
class TaskSlugTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Test Team|TES", "My ACME Project|MAC", "!!!|TSK", "ab|AB", "x-y-z 1|XYZ", "héllo wörld|HÉL"})
    void prefixFollowsTheProjectName(String name, String prefix) {
        assertEquals(prefix, TaskSlug.prefix(name));
    }

    @Test
    void slugIsEmptyWithoutANumber() {
        assertEquals("TES-0", TaskSlug.of("Test Team", 0));
        assertEquals("", TaskSlug.of("Test Team", null));
    }
}
