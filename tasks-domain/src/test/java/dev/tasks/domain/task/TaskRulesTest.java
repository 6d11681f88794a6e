package dev.tasks.domain.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.InvalidValueException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tasks.md §4 (numbers and slugs), §5 (titles), §1 (repository format) and §7 (visibility). */
class TaskRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");
    private static final UserId ALICE = new UserId(1);
    private static final UserId BOB = new UserId(2);

    static Task task(OriginProduct origin, UserId creator) {
        NewTask spec = new NewTask("t", null, "d", origin, null, null, null, false, null, false);
        return Task.create(new TaskId(UUID.randomUUID()), new ProjectId(1), 0, spec, creator, T0);
    }

    static TaskChanges titled(String title) {
        var none = TaskChanges.none();
        return new TaskChanges(Change.to(title), none.titleManuallySet(), none.description(), none.originProduct(),
                none.repository(), none.githubIntegration(), none.jsonSchema(), none.internal(), none.ciPrompt(),
                none.archived());
    }

    static TaskChanges archiving(boolean archived) {
        var none = TaskChanges.none();
        return new TaskChanges(none.title(), none.titleManuallySet(), none.description(), none.originProduct(),
                none.repository(), none.githubIntegration(), none.jsonSchema(), none.internal(), none.ciPrompt(),
                Change.to(archived));
    }

    @Nested
    class Slugs {
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

    @Nested
    class Titles {
        @Test
        void givenTitleIsKeptAndCountsAsManual() {
            assertEquals(new TaskTitle("Fix it", true), TaskTitle.forNewTask("Fix it", null, "whatever"));
            assertEquals(new TaskTitle("Fix it", false), TaskTitle.forNewTask("Fix it", false, ""));
        }

        @Test
        void missingTitleComesFromTheFirstLineOfTheDescription() {
            assertEquals(new TaskTitle("First line", false), TaskTitle.forNewTask(null, null, "  First line \nsecond"));
            assertEquals(new TaskTitle("First", false), TaskTitle.forNewTask("  ", true, "First\r\nsecond"));
        }

        @Test
        void longFirstLinesAreCutTo57CharactersAndAnEllipsis() {
            String sixty = "a".repeat(60);
            assertEquals(sixty, TaskTitle.forNewTask(null, null, sixty).text());
            String derived = TaskTitle.forNewTask(null, null, "b".repeat(61)).text();
            assertEquals("b".repeat(57) + "...", derived);
            assertEquals(60, derived.length());
        }

        @Test
        void blankDescriptionGivesAnEmptyTitle() {
            assertEquals(new TaskTitle("", false), TaskTitle.forNewTask(null, null, "   \n "));
        }

        @Test
        void updatingTheTitleMarksItManual() {
            Task created = Task.create(new TaskId(UUID.randomUUID()), new ProjectId(1), 0,
                    new NewTask(null, null, "derived title", null, null, null, null, false, null, false), ALICE, T0);
            assertFalse(created.titleManuallySet());
            Task renamed = created.apply(titled("New"), T1);
            assertTrue(renamed.titleManuallySet());
            assertEquals("New", renamed.title());
            assertEquals(T1, renamed.updatedAt());
        }
    }

    @Nested
    class Archiving {
        @Test
        void archivingStampsOnceAndUnarchivingClears() {
            Task task = task(OriginProduct.USER_CREATED, ALICE);
            Task archived = task.apply(archiving(true), T0);
            assertEquals(T0, archived.archivedAt());
            Task again = archived.apply(archiving(true), T1);
            assertEquals(T0, again.archivedAt(), "archiving an archived task keeps the first stamp");
            assertNull(again.apply(archiving(false), T1).archivedAt());
        }

        @Test
        void imageBuilderOriginIsReserved() {
            var spec = new NewTask("t", null, "", OriginProduct.IMAGE_BUILDER, null, null, null, false, null, false);
            var error = assertThrows(InvalidValueException.class,
                    () -> Task.create(new TaskId(UUID.randomUUID()), new ProjectId(1), 0, spec, ALICE, T0));
            assertEquals("origin_product", error.field());
        }
    }

    @Nested
    class Repositories {
        @Test
        void organizationSlashNameIsLowerCased() {
            RepositoryName name = new RepositoryName("PostHog/PostHog-JS");
            assertEquals("posthog/posthog-js", name.value());
            assertEquals("posthog", name.organization());
            assertEquals("posthog-js", name.name());
        }

        @ParameterizedTest
        @CsvSource({"posthog", "a/b/c", "/b", "a/", "/"})
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

    @Nested
    class Visibility {
        @Test
        void ownTasksAndCreatorlessTasksAreVisible() {
            assertTrue(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, ALICE), ALICE, false));
            assertFalse(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, ALICE), BOB, false));
            assertTrue(TaskAccess.READ.allows(task(OriginProduct.USER_CREATED, null), BOB, false));
        }

        @Test
        void sharedOriginsDifferBetweenReadAndControl() {
            Task experiment = task(OriginProduct.EXPERIMENTS, ALICE);
            assertTrue(TaskAccess.READ.allows(experiment, BOB, false));
            assertFalse(TaskAccess.CONTROL.allows(experiment, BOB, false));
            assertTrue(TaskAccess.CONTROL.allows(task(OriginProduct.WORKFLOW, ALICE), BOB, false));
        }

        @Test
        void slackTasksAreSharedOnRunEndpointsOnly() {
            Task slack = task(OriginProduct.SLACK, ALICE);
            assertFalse(TaskAccess.READ.allows(slack, BOB, false));
            assertTrue(TaskAccess.READ.allows(slack, BOB, true));
        }

        @Test
        void deletedAndBusinessKnowledgeTasksReachNobody() {
            Task deleted = task(OriginProduct.USER_CREATED, ALICE).delete(T1);
            assertFalse(TaskAccess.READ.allows(deleted, ALICE, false));
            assertFalse(TaskAccess.READ.allows(task(OriginProduct.BUSINESS_KNOWLEDGE, null), ALICE, false));
        }
    }

    @Nested
    class Search {
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
}
