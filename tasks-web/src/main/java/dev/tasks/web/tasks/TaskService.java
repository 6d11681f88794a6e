package dev.tasks.web.tasks;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.NewTask;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskChanges;
import dev.tasks.domain.task.TaskDetails;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.TaskQuery;
import dev.tasks.domain.task.Tasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Task use cases: list, create, read, update, soft delete, repositories, summaries. */
@ApplicationScoped
@Transactional
public class TaskService {

    @Inject
    Tasks tasks;

    @Inject
    Integrations integrations;

    @Inject
    Runs runs;

    @Inject
    RunJobs runJobs;

    @Inject
    Clock clock;

    public Page<TaskDetails> list(TaskQuery query, PageRequest page) {
        return tasks.list(query, page);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TaskDetails get(Project project, Caller caller, TaskId id) {
        return tasks.details(project.id(), id, caller.userId(), TaskAccess.READ).orElseThrow(NotFound::addressed);
    }

    /** {@code github_integration} must name a GitHub integration of this project. */
    public void requireGithubIntegration(Project project, Long id) {
        if (id != null && integrations.find(project.id(), id)
                .filter(integration -> integration.kind() == IntegrationKind.GITHUB).isEmpty()) {
            throw new InvalidValueException("github_integration", "Integration must belong to the same team");
        }
    }

    /**
     * Creates a task numbered after the project's last one. Without an explicit
     * {@code github_integration}, the task uses the project's GitHub integration, if any.
     */
    public TaskDetails create(Project project, Caller caller, NewTask spec, boolean integrationGiven) {
        requireGithubIntegration(project, spec.githubIntegration());
        NewTask resolved = spec;
        if (!integrationGiven || spec.githubIntegration() == null) {
            Long projectIntegration = integrations.first(project.id(), IntegrationKind.GITHUB)
                    .map(integration -> integration.id()).orElse(null);
            resolved = new NewTask(spec.title(), spec.titleManuallySet(), spec.description(), spec.originProduct(),
                    spec.repository(), projectIntegration, spec.jsonSchema(), spec.internal(), spec.ciPrompt(),
                    spec.archived());
        }
        Instant now = Timestamps.now(clock);
        Task task = Task.create(TaskId.random(), project.id(), tasks.nextTaskNumber(project.id()), resolved,
                caller.userId(), now);
        tasks.add(task);
        return new TaskDetails(task, caller.user(), null);
    }

    public TaskDetails update(Project project, Caller caller, TaskId id, TaskChanges changes) {
        if (changes.githubIntegration().isSet()) {
            requireGithubIntegration(project, changes.githubIntegration().value());
        }
        Task task = lockForControl(project, caller, id);
        tasks.update(task.apply(changes, Timestamps.now(clock)));
        return tasks.details(project.id(), task.id(), caller.userId(), TaskAccess.READ)
                .orElseThrow(NotFound::addressed);
    }

    /** Soft delete: the task and its runs disappear from the API; nothing is erased. */
    public void delete(Project project, Caller caller, TaskId id) {
        Task task = lockForControl(project, caller, id);
        tasks.update(task.delete(Timestamps.now(clock)));
        // Its sandboxes are released by the job that cancels each unfinished cloud run
        // (docs/tasks.md#archiving-and-deleting).
        for (Run run : runs.unfinishedCloudRuns(task.id())) {
            runJobs.complete(run.id(), RunStatus.CANCELLED, RunJobs.Reason.TASK_DELETED);
        }
    }

    public List<String> repositories(Project project, Caller caller) {
        return tasks.repositories(project.id(), caller.userId());
    }

    public Page<TaskDetails> summaries(Project project, Caller caller, Collection<TaskId> ids, PageRequest page) {
        return tasks.summaries(project.id(), caller.userId(), ids, page);
    }

    private Task lockForControl(Project project, Caller caller, TaskId id) {
        return tasks.lock(project.id(), id, caller.userId(), TaskAccess.CONTROL).orElseThrow(NotFound::addressed);
    }
}
