package dev.tasks.web.tasks;

import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskDetails;
import dev.tasks.domain.task.TaskSlug;
import dev.tasks.web.identity.IdentityViews.BasicUserView;
import dev.tasks.web.runs.LogUrls;
import dev.tasks.web.runs.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Builds task and run views; slugs come from the project's current name, run links are signed per response. */
@ApplicationScoped
public class TaskViews {

    @Inject
    LogUrls logUrls;

    public TaskView task(TaskDetails details, Project project) {
        Task task = details.task();
        return new TaskView(task.id().value(), task.taskNumber(), TaskSlug.of(project.name(), task.taskNumber()),
                task.title(), task.titleManuallySet(), task.description(), task.originProduct().wireName(),
                task.repository() == null ? null : task.repository().value(), task.githubIntegration(), null,
                task.jsonSchema(), task.internal(), run(details.latestRun()), task.createdAt(), task.updatedAt(),
                BasicUserView.of(details.creator()), task.ciPrompt(), null, task.archived(), task.archivedAt(), null);
    }

    public RunView run(Run run) {
        return run == null ? null : RunView.of(run, logUrls.of(run));
    }

    public TaskSummaryView summary(TaskDetails details) {
        Task task = details.task();
        Run latest = details.latestRun();
        return new TaskSummaryView(task.id().value(), task.title(),
                task.repository() == null ? null : task.repository().value(), task.originProduct().wireName(),
                task.createdAt(), task.updatedAt(), latest == null ? null
                : new TaskSummaryView.LatestRun(latest.status().wireName(), latest.environment().wireName()));
    }
}
