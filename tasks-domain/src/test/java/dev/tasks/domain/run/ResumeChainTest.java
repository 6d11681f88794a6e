package dev.tasks.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.ArtifactName;
import dev.tasks.domain.artifact.ArtifactType;
import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.domain.artifact.Uploader;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Resume chains (docs/runs.md#resume-chains). */
class ResumeChainTest {

    private static final TaskId TASK = new TaskId(UUID.randomUUID());
    private final Map<RunId, Run> store = new HashMap<>();

    private Run run(RunId id, Object resumeFrom, TaskId task) {
        Map<String, Object> state = new HashMap<>();
        if (resumeFrom != null) {
            state.put("resume_from_run_id", resumeFrom.toString());
        }
        Run run = new Run(id, task, new ProjectId(1), null, null, RunStatus.QUEUED, RunEnvironment.LOCAL, null, null,
                state, Manifest.EMPTY, Instant.EPOCH, Instant.EPOCH, null);
        store.put(id, run);
        return run;
    }

    private List<Run> chainOf(Run run) {
        return ResumeChain.of(run, id -> Optional.ofNullable(store.get(id)).filter(r -> r.task().equals(run.task())));
    }

    private static ArtifactEntry artifact(String id, String path) {
        return ArtifactEntry.create(id, ArtifactName.safe(id), ArtifactType.OUTPUT, null, 1, null, new StoragePath(path),
                Instant.EPOCH, null, Uploader.AGENT, null);
    }

    private Run withArtifacts(Run run, ArtifactEntry... entries) {
        Run changed = run.withArtifacts(new Manifest(List.of(entries)), Instant.EPOCH);
        store.put(run.id(), changed);
        return changed;
    }

    /** The newest run of the chain that names the path serves it, its own first (docs/artifacts.md#download). */
    @Test
    void anArtifactIsServedFromTheNewestRunNamingIt() {
        Run root = withArtifacts(run(RunId.random(), null, TASK), artifact("a", "p/shared"), artifact("b", "p/old"));
        Run middle = withArtifacts(run(RunId.random(), root.id(), TASK), artifact("c", "p/shared"));
        Run leaf = withArtifacts(run(RunId.random(), middle.id(), TASK), artifact("d", "p/own"));
        List<String> chainReads = new ArrayList<>();
        Supplier<List<Run>> chain = () -> {
            chainReads.add("read");
            return chainOf(leaf);
        };
        assertEquals("d", ResumeChain.newestEntryNaming(new StoragePath("p/own"), leaf, chain).orElseThrow().id());
        assertEquals(List.of(), chainReads, "the chain is not read when the run names the path");
        assertEquals("c", ResumeChain.newestEntryNaming(new StoragePath("p/shared"), leaf, chain).orElseThrow().id());
        assertEquals("b", ResumeChain.newestEntryNaming(new StoragePath("p/old"), leaf, chain).orElseThrow().id());
        assertTrue(ResumeChain.newestEntryNaming(new StoragePath("p/none"), leaf, chain).isEmpty());
    }

    @Test
    void singleRun() {
        Run only = run(RunId.random(), null, TASK);
        assertEquals(List.of(only), chainOf(only));
    }

    @Test
    void oldestAncestorFirst() {
        Run root = run(RunId.random(), null, TASK);
        Run middle = run(RunId.random(), root.id(), TASK);
        Run leaf = run(RunId.random(), middle.id(), TASK);
        assertEquals(List.of(root, middle, leaf), chainOf(leaf));
    }

    @Test
    void cyclesStop() {
        RunId a = RunId.random();
        RunId b = RunId.random();
        Run runA = run(a, b, TASK);
        Run runB = run(b, a, TASK);
        assertEquals(List.of(runA, runB), chainOf(runB));
    }

    @Test
    void atMostTenHops() {
        List<Run> runs = new ArrayList<>();
        RunId previous = null;
        for (int i = 0; i < 13; i++) {
            Run run = run(RunId.random(), previous, TASK);
            runs.add(run);
            previous = run.id();
        }
        assertEquals(runs.subList(2, 13), chainOf(runs.get(12)));
    }

    @Test
    void otherTasksAndGarbageAreNotAncestors() {
        Run foreign = run(RunId.random(), null, new TaskId(UUID.randomUUID()));
        Run run = run(RunId.random(), foreign.id(), TASK);
        assertEquals(List.of(run), chainOf(run));
        Run garbage = run(RunId.random(), "not-a-uuid", TASK);
        assertEquals(List.of(garbage), chainOf(garbage));
        Run missing = run(RunId.random(), UUID.randomUUID(), TASK);
        assertEquals(List.of(missing), chainOf(missing));
    }
}
