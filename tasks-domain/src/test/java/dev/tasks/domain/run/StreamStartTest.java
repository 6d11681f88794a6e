package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where a stream starts (docs/logs-and-stream.md#where-a-stream-starts). */
class StreamStartTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final InMemoryEntries entries = new InMemoryEntries();

    private Run run(RunStatus status) {
        Run created = Run.create(RunId.random(), new TaskId(UUID.randomUUID()), new ProjectId(1),
                RunEnvironment.LOCAL, null, Map.of(), NOW);
        return status == RunStatus.QUEUED ? created : created.apply(RunChanges.status(status), NOW);
    }

    @Test
    void l27LastEventIdResumesAfterIt() {
        Run run = run(RunStatus.COMPLETED);
        assertEquals(2, StreamStart.cursor(2L, true, run, entries));
    }

    @Test
    void withoutLatestTheWholeSequenceIsReplayed() {
        Run run = run(RunStatus.IN_PROGRESS);
        entries.event(run.id(), RunEntries.RUN_STATE);
        assertEquals(0, StreamStart.cursor(null, false, run, entries));
    }

    @Test
    void l28LatestOnALiveRunDeliversOnlyWhatComesNext() {
        Run run = run(RunStatus.IN_PROGRESS);
        for (int i = 0; i < 5; i++) {
            entries.log(run.id(), "tool_call", NOW, 10);
        }
        assertEquals(5, StreamStart.cursor(null, true, run, entries));
    }

    @Test
    void l29LatestOnATerminalRunReplaysItsLastStateEvent() {
        Run run = run(RunStatus.COMPLETED);
        entries.event(run.id(), RunEntries.RUN_STATE);
        entries.log(run.id(), "tool_call", NOW, 10);
        entries.event(run.id(), RunEntries.RUN_STATE);
        entries.event(run.id(), RunEntries.CONSOLE);
        assertEquals(2, StreamStart.cursor(null, true, run, entries));
    }
}
