package dev.tasks.web.cloud;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunChanges;
import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunSecrets;
import dev.tasks.domain.run.RunStatus;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxRequest;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.Tasks;
import dev.tasks.web.runs.RunEvents;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The transactions of the cloud-run jobs (cloud.md §2.3): each takes the run's row lock, checks that
 * the run still wants what the job brings, and saves the change with its state event. Idempotent: a
 * second execution changes nothing.
 */
@ApplicationScoped
@Transactional
public class CloudRunJobs {

    @Inject
    Runs runs;

    @Inject
    Tasks tasks;

    @Inject
    RunEntries entries;

    @Inject
    RunSecrets secrets;

    @Inject
    RunUpdates updates;

    @Inject
    Clock clock;

    /**
     * {@code run.start} rule 1: what the sandbox provider is asked for, while the run is a cloud run
     * that has not begun and its task is still there for the user who started it.
     */
    public Optional<SandboxRequest> sandboxRequest(RunId id, UserId startedBy) {
        return runs.lock(id)
                .filter(Run::awaitsSandbox)
                .flatMap(run -> tasks.find(run.project(), run.task(), startedBy, TaskAccess.RUN_CONTROL)
                        .map(task -> SandboxRequest.of(task, run)));
    }

    /**
     * {@code run.start} rule 3: records the sandbox in the state with a state and a console event;
     * false when the run no longer awaits one (the caller releases it).
     */
    public boolean sandboxReady(RunId id, Sandbox sandbox) {
        Optional<Run> locked = runs.lock(id).filter(Run::awaitsSandbox);
        if (locked.isEmpty()) {
            return false;
        }
        Run run = updates.save(locked.get().inSandbox(sandbox.id(), sandbox.url(), sandbox.connectToken(),
                Timestamps.now(clock)));
        entries.append(id, List.of(RunEvents.console(run, "info", "Sandbox ready")), run.updatedAt());
        return true;
    }

    /**
     * {@code run.start} rule 4, after its last attempt: the run fails with {@link Run#SANDBOX_FAILURE},
     * and the provider's own message goes to the stream as a console event of level {@code error}.
     */
    public void sandboxFailed(RunId id, String providerMessage) {
        Optional<Run> locked = runs.lock(id).filter(Run::awaitsSandbox);
        if (locked.isPresent()) {
            Run run = updates.save(locked.get().failedToStart(Timestamps.now(clock)));
            entries.append(id, List.of(RunEvents.console(run, "error", providerMessage)), run.updatedAt());
        }
    }

    /**
     * The {@code run.complete} job: set the requested status unless the run already ended, then
     * forget the run's GitHub token. Without a sandbox provider no run has a sandbox to release.
     */
    public void complete(RunId id, RunStatus status) {
        Optional<Run> locked = runs.lock(id);
        if (locked.isEmpty()) {
            return;
        }
        Run run = locked.get();
        if (status != null && !run.status().isTerminal()) {
            updates.save(run.apply(RunChanges.status(status), Timestamps.now(clock)));
        }
        secrets.delete(id);
    }
}
