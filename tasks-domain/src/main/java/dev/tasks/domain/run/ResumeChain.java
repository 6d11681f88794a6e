package dev.tasks.domain.run;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.StoragePath;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The runs a run continues (docs/runs.md#resume-chains): follow {@code state.resume_from_run_id} through
 * runs of the same task, stopping at a missing or foreign id, a cycle, or after ten hops.
 */
public final class ResumeChain {

    static final int MAX_HOPS = 10;
    static final String RESUME_KEY = "resume_from_run_id";

    private ResumeChain() {
    }

    /**
     * The manifest entry an artifact {@code download/} serves (docs/artifacts.md#download): the run's own entry
     * for {@code path}, else the one of the newest run of its chain that names the path. The chain is
     * read only when the run's own manifest does not name the path.
     *
     * @param chain the run's chain as {@link #of} gives it, oldest first, the run last
     */
    public static Optional<ArtifactEntry> newestEntryNaming(StoragePath path, Run run, Supplier<List<Run>> chain) {
        Optional<ArtifactEntry> own = run.artifacts().byStoragePath(path);
        if (own.isPresent()) {
            return own;
        }
        List<Run> runs = chain.get();
        for (int i = runs.size() - 2; i >= 0; i--) {
            Optional<ArtifactEntry> found = runs.get(i).artifacts().byStoragePath(path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * @param run the run whose chain is wanted
     * @param sameTaskRun finds a run of the same task and project by id, or nothing
     * @return oldest ancestor first, {@code run} last
     */
    public static List<Run> of(Run run, Function<RunId, Optional<Run>> sameTaskRun) {
        Deque<Run> chain = new ArrayDeque<>();
        chain.addFirst(run);
        Set<RunId> seen = new HashSet<>();
        seen.add(run.id());
        Run current = run;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Optional<RunId> previous = previousId(current);
            if (previous.isEmpty() || seen.contains(previous.get())) {
                break;
            }
            Optional<Run> found = sameTaskRun.apply(previous.get());
            if (found.isEmpty()) {
                break;
            }
            seen.add(found.get().id());
            chain.addFirst(found.get());
            current = found.get();
        }
        return List.copyOf(chain);
    }

    static Optional<RunId> previousId(Run run) {
        return run.state().get(RESUME_KEY) instanceof String text ? RunId.parse(text) : Optional.empty();
    }
}
