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
import java.util.logging.Logger;

/**
 * The {@code sandbox.watchdog} job (cloud.md §2.5), every minute on one instance: a cloud run whose
 * sandbox has outlived {@code TASKS_SANDBOX_TTL_SECONDS} fails with {@code Sandbox lifetime exceeded},
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
                if (run.sandboxExpired(settings.sandboxTtl(), now) && self.expire(run.id(), now)) {
                    ended++;
                } else if (run.sandboxId() != null && sandboxes.isLost(run.sandboxId())
                        && self.lost(run.id(), run.sandboxId(), now)) {
                    ended++;
                }
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
        if (ended > 0) {
            int count = ended;
            LOG.info(() -> "Sandbox watchdog ended " + count + " run(s) whose sandbox outlived its lifetime");
        }
        return ended;
    }

    /** Ends one run under its lock, if it still names the sandbox its provider reports gone. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean lost(RunId id, String sandboxId, Instant now) {
        Run run = runs.lock(id).filter(locked -> !locked.status().isTerminal() && sandboxId.equals(locked.sandboxId()))
                .orElse(null);
        if (run == null) {
            return false;
        }
        updates.save(run.sandboxLost(now));
        jobs.complete(id, null, RunJobs.Reason.WATCHDOG);
        return true;
    }

    /** Ends one run under its lock, if its sandbox is still past its lifetime. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean expire(RunId id, Instant now) {
        Run run = runs.lock(id).filter(locked -> locked.sandboxExpired(settings.sandboxTtl(), now)).orElse(null);
        if (run == null) {
            return false;
        }
        updates.save(run.sandboxLifetimeExceeded(now));
        jobs.complete(id, null, RunJobs.Reason.WATCHDOG);
        return true;
    }
}
