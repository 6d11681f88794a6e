package dev.tasks.web.runs;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunOptions;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.domain.task.Tasks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a new cloud run must satisfy, whether created ({@code POST runs/}), started
 * ({@code POST tasks/{id}/run/}, {@code start/}) or resumed ({@code resume_in_cloud/}): the usage gate
 * (docs/cloud-runs.md#usage-gate), PR authorship (docs/runs.md#pr-authorship) and the sandbox environment the
 * provider lets the caller use (docs/runs.md#sandbox-environments). Called in the creating transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CloudRunAdmission {

    @Inject
    Tasks tasks;

    @Inject
    Integrations integrations;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    UsageGate usage;

    @Inject
    Clock clock;

    /**
     * 429 unless the installation's usage gate allows the caller this cloud run (docs/cloud-runs.md#usage-gate).
     *
     * @param run null while the run does not exist yet
     */
    public void requireUsage(Project project, Caller caller, TaskId task, RunId run, UsageGate.Action action) {
        if (usage.check(new UsageGate.Request(project.id(), caller.userId(), task, run, action))
                instanceof UsageGate.Refused refused) {
            throw refused.refusal();
        }
    }

    /**
     * The state to store for PR authorship, from the run's {@code state}; a downgrade to the bot may
     * adopt the project's GitHub integration for the task.
     */
    public Map<String, Object> authorship(Project project, Caller caller, Task task, Map<String, Object> state,
                                          String githubUserToken) {
        Optional<Integration> github = integrations.first(project.id(), IntegrationKind.GITHUB);
        Authorship.Resolution resolution = new Authorship(githubUserToken != null)
                .resolve(state, task, caller, github.isPresent());
        if (resolution.downgraded() && task.githubIntegration() == null) {
            Task adopted = tasks.lock(project.id(), task.id(), caller.userId(), TaskAccess.RUN_CONTROL)
                    .orElseThrow(NotFound::task);
            tasks.update(adopted.withGithubIntegration(github.get().id(), Timestamps.now(clock)));
        }
        return resolution.state();
    }

    /** 400 {@code Invalid sandbox_environment_id} unless the options name no environment or one the caller may use. */
    public void requireEnvironment(Project project, Caller caller, RunOptions options) {
        if (!environmentAccessible(project, caller, options)) {
            throw invalidSandboxEnvironment();
        }
    }

    /** Whether the options name no sandbox environment, or one the provider lets the caller use. */
    public boolean environmentAccessible(Project project, Caller caller, RunOptions options) {
        return options.sandboxEnvironmentId() == null
                || sandboxes.isEnvironmentAccessible(project.id(), caller.userId(), options.sandboxEnvironmentId());
    }

    public static InvalidValueException invalidSandboxEnvironment() {
        return new InvalidValueException(null, "Invalid sandbox_environment_id");
    }
}
