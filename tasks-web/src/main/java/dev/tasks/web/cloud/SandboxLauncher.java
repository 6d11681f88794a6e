package dev.tasks.web.cloud;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.job.JobAttempt;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.web.cloud.CloudRunJobs.Launch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code run.start} job (docs/cloud-runs.md#starting-the-sandbox): the sandbox provider, which may take minutes, is
 * called between two short transactions ({@link CloudRunJobs}) and never under a row lock.
 */
@ApplicationScoped
public class SandboxLauncher {

    private static final Logger LOG = Logger.getLogger(SandboxLauncher.class.getName());

    @Inject
    CloudRunJobs jobs;

    @Inject
    SandboxProvider sandboxes;

    /**
     * One attempt: a failure before the last is thrown back to be retried, the last one fails the
     * run, and a provider that has no place free yet ({@link RetryLater#waiting}) makes the start wait
     * its turn; either way the key the attempt minted is revoked. A sandbox that arrives for a run that no
     * longer awaits it is released.
     */
    public void launch(RunId id, UserId startedBy, String apiUrl, JobAttempt attempt) {
        Optional<Launch> launch = jobs.launch(id, startedBy, apiUrl);
        if (launch.isEmpty()) {
            return;
        }
        Sandbox sandbox;
        try {
            sandbox = sandboxes.create(launch.get().request());
        } catch (RuntimeException e) {
            jobs.revokeSandboxKey(id);
            if (!attempt.isLast() || (e instanceof RetryLater later && later.isWaiting())) {
                throw e;
            }
            LOG.log(Level.WARNING, "Run " + id + " got no sandbox after " + attempt.number() + " attempts: "
                    + LogSafe.text(e.getMessage()));
            jobs.sandboxFailed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return;
        }
        if (!jobs.sandboxReady(id, sandbox, launch.get().keyId())) {
            sandboxes.destroy(sandbox.id());
            jobs.revokeSandboxKey(id);
        }
    }
}
