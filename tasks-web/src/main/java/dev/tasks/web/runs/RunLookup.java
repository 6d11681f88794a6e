package dev.tasks.web.runs;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.ResumeChain;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.Tasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Finding the run a route names (docs/runs.md): first its task under the route's
 * {@link TaskAccess} (404 {@code Task not found}), then the run within that task (404
 * {@code Not found.}), so a run of a task the caller may not reach does not exist for them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RunLookup {

    @Inject
    Tasks tasks;

    @Inject
    Runs runs;

    /** The task a run route names, when the caller reaches it under {@code access}. */
    public Task task(Project project, Caller caller, TaskId id, TaskAccess access) {
        return tasks.find(project.id(), id, caller.userId(), access).orElseThrow(NotFound::task);
    }

    /** The run a route names, its task reached under {@code access}. */
    public Run run(Project project, Caller caller, TaskId task, RunId run, TaskAccess access) {
        return tasks.findWithRun(project.id(), task, run, caller.userId(), access).orElseThrow(NotFound::task)
                .run().orElseThrow(NotFound::addressed);
    }

    /** The run within a task already reached. */
    public Run find(Task task, RunId run) {
        return runs.find(task.id(), run).orElseThrow(NotFound::addressed);
    }

    /** The run within a task already reached, locked for the rest of the caller's transaction. */
    public Run lock(Task task, RunId run) {
        return runs.lock(task.id(), run).orElseThrow(NotFound::addressed);
    }

    public Page<Run> list(Project project, Caller caller, TaskId task, PageRequest page) {
        return runs.list(task(project, caller, task, TaskAccess.RUN_READ).id(), page);
    }

    /**
     * A run reached through a signed log link: the signature stands in for the caller, but the link
     * dies with its task (a deleted task's logs are not served).
     */
    public Run signed(Project project, TaskId task, RunId run) {
        return tasks.findUndeleted(project.id(), task)
                .flatMap(found -> runs.find(found.id(), run))
                .orElseThrow(NotFound::addressed);
    }

    /**
     * The run as stored now, for background readers such as the stream pump (which run outside any
     * request, so they need this method's transaction to reach JPA).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Run> current(Run run) {
        return runs.find(run.task(), run.id());
    }

    /** The run and the runs it continues, oldest first (docs/runs.md#resume-chains). */
    public List<Run> chain(Run run) {
        return ResumeChain.of(run, previous -> runs.find(run.task(), previous)
                .filter(found -> found.project().equals(run.project())));
    }
}
