package dev.tasks.domain.task;

import static dev.tasks.domain.task.TaskFixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** List filters (docs/tasks.md#listing-tasks). */
class TaskQueryTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "2|2", "TSK-2|2", "  TES-15 |15", "fix bug|null", "TSK-|null", "1234567890|null", "a-b-7|7"})
    void searchAlsoMatchesTaskNumbers(String search, Integer number) {
        var query = new TaskQuery(new ProjectId(1), ALICE, null, null, null, null, null, search, null, null,
                null);
        assertEquals(number, query.searchedTaskNumber());
    }

    @Test
    void repositoryFiltersAreNormalized() {
        var query = new TaskQuery(new ProjectId(1), ALICE, "", "", " PostHog/PostHog ", " ACME ", null, " ",
                null, null, null);
        assertEquals("posthog/posthog", query.repository());
        assertTrue(query.repositoryIsFullName());
        assertEquals("acme", query.organization());
        assertNull(query.search());
        assertNull(query.originProduct());
        assertEquals(TaskQuery.Inclusion.EXCLUDE, query.internal());
    }
}
