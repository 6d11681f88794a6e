package dev.tasks.web.cloud;

import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.RunJobs;
import dev.tasks.domain.run.Runs;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The {@code sandbox.watchdog} job (docs/cloud-runs.md#sandbox-watchdog), every minute on one instance: a cloud run
 * whose sandbox has outlived {@code TASKS_SANDBOX_TTL_SECONDS} fails with {@code Sandbox lifetime exceeded},
 * one whose provider reports its sandbox gone fails with {@code Sandbox lost}, and {@code run.complete}
 * releases the sandbox.
 */
@ApplicationScoped
public class SandboxWatchdog {

    /** Runs read per page while walking the unfinished cloud runs. */
    static final int PAGE = 100;
    private static final Logger LOG = Logger.getLogger(SandboxWatchdog.class.getName());

    @Inject
    Runs runs;

    @Inject
    RunUpdates updates;

    @Inject
    RunJobs jobs;

    @Inject
    CloudSettings settings;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    Clock clock;

    @Inject
    SandboxWatchdog self;

    /** One sweep; returns how many runs it ended. */
    @Transactional(Transactional.TxType.REQUIRED)
    public int sweep() {
        Instant now = Timestamps.now(clock);
        int ended = 0;
        RunId after = null;
        List<Run> page;
        do {
            page = runs.unfinishedCloudRuns(after, PAGE);
            for (Run run : page) {
                String sandbox = run.sandboxId();
                boolean done = run.sandboxExpired(settings.sandboxTtl(), now) && self.end(run.id(),
                        locked -> locked.sandboxExpired(settings.sandboxTtl(), now), Run::sandboxLifetimeExceeded, now);
                if (!done && sandbox != null && sandboxes.isLost(sandbox)) {
                    done = self.end(run.id(), locked -> !locked.status().isTerminal()
                            && sandbox.equals(locked.sandboxId()), Run::sandboxLost, now);
                }
                ended += done ? 1 : 0;
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
        if (ended > 0) {
            int count = ended;
            LOG.info(() -> "Sandbox watchdog ended " + count + " run(s) whose sandbox outlived its lifetime or was lost");
        }
        return ended;
    }

    /**
     * Ends one run under its lock with {@code ending}, if it is still {@code due} (it may have ended, or
     * got another sandbox, since the sweep read it), and has {@code run.complete} release its sandbox.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean end(RunId id, Predicate<Run> due, BiFunction<Run, Instant, Run> ending, Instant now) {
        Run run = runs.lock(id).filter(due).orElse(null);
        if (run == null) {
            return false;
        }
        updates.save(ending.apply(run, now));
        jobs.complete(id, null, RunJobs.Reason.WATCHDOG);
        return true;
    }
}
