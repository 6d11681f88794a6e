package dev.tasks.web.app;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.job.Backoff;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.shared.ConfigurationError;
import dev.tasks.domain.shared.OutboundPolicy;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.task.TaskId;
import dev.tasks.integration.token.NimbusConnectionTokens;
import dev.tasks.storage.db.SchemaMigrations;
import dev.tasks.storage.jdbc.DatabaseNotifications;
import dev.tasks.storage.jobs.JobRunner;
import dev.tasks.storage.jobs.SchedulerRunJobs;
import dev.tasks.storage.jobs.SchedulerSlackJobs;
import dev.tasks.storage.s3.MinioArtifactStore;
import dev.tasks.storage.secret.ServerSecret;
import dev.tasks.web.artifacts.StagedArtifactService;
import dev.tasks.web.cloud.CloudSettings;
import dev.tasks.web.cloud.MessageDelivery;
import dev.tasks.web.cloud.RunCompletion;
import dev.tasks.web.cloud.SandboxLauncher;
import dev.tasks.web.cloud.SandboxWatchdog;
import dev.tasks.web.http.IdempotencyExpiry;
import dev.tasks.web.identity.Bootstrap;
import dev.tasks.web.readiness.ReadinessService;
import dev.tasks.web.runs.LogRetention;
import dev.tasks.web.runs.StreamHub;
import dev.tasks.web.slack.SlackService;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The start-up sequence, in order: migrate the schema, load the server secret and the connection-token
 * signing keys, bootstrap the first administrator on an empty database, create the bucket and install
 * its expiry rules, select the sandbox provider, start the jobs. A failure of the first four, or an
 * unknown sandbox provider,
 * stops the deployment; an unreachable object store only keeps the service unready until it answers.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    /**
     * Expired staged artifacts and readiness answers are purged hourly (docs/artifacts.md#staged-artifacts,
     * docs/readiness.md#caching).
     */
    private static final Duration HOURLY = Duration.ofHours(1);
    /** The sandbox watchdog looks every minute (docs/cloud-runs.md#sandbox-watchdog). */
    private static final Duration EVERY_MINUTE = Duration.ofMinutes(1);
    private static final Duration BUCKET_RETRY = Duration.ofSeconds(10);

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> bucketRetry;

    @Inject
    SchemaMigrations migrations;

    @Inject
    ServerSecret secret;

    @Inject
    Bootstrap bootstrap;

    @Inject
    MinioArtifactStore artifacts;

    @Inject
    DatabaseNotifications notifications;

    @Inject
    StreamHub streams;

    @Inject
    JobRunner jobs;

    @Inject
    RunCompletion runCompletion;

    @Inject
    LogRetention retention;

    @Inject
    StagedArtifactService stagedArtifacts;

    @Inject
    ReadinessService readiness;

    @Inject
    SlackService slack;

    @Inject
    SandboxLauncher sandboxLauncher;

    @Inject
    SandboxProvider sandboxes;

    @Inject
    UsageGate usageGate;

    @Inject
    OutboundPolicy outbound;

    @Inject
    NimbusConnectionTokens connectionTokens;

    @Inject
    MessageDelivery messageDelivery;

    @Inject
    SandboxWatchdog watchdog;

    @Inject
    IdempotencyExpiry idempotency;

    @Inject
    CloudSettings cloudSettings;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            start();
        } catch (RuntimeException e) {
            // A wrong setting is said in one line naming it, not left to a stack trace among the server's.
            ConfigurationError.in(e).ifPresentOrElse(
                    error -> LOG.severe(error.startFailure()),
                    () -> LOG.log(Level.SEVERE, ConfigurationError.CANNOT_START + e.getMessage(), LogSafe.throwable(e)));
            throw e;
        }
    }

    private void start() {
        // Settings that can be wrong are read before anything is written or started.
        bootstrap.validateConfiguration();
        secret.validateConfiguration();
        outbound.refusal("localhost"); // reads the allow-list: a malformed entry stops the start here
        LOG.info("Sandbox provider: " + sandboxes.name() + "; usage gate: " + usageGate.name());
        migrations.migrate();
        secret.initialize();
        connectionTokens.initialize();
        bootstrapOnce();
        prepareBucket();
        notifications.subscribeToEntries(streams::wake);
        notifications.startListening();
        jobs.start(List.of(new JobRunner.Recurring("log-retention", retention.period(), retention::purge),
                        new JobRunner.Recurring("staged-purge", HOURLY, stagedArtifacts::purgeExpired),
                        new JobRunner.Recurring("readiness-purge", HOURLY, readiness::purgeCache),
                        new JobRunner.Recurring("idempotency-purge", HOURLY, idempotency::purgeExpired),
                        new JobRunner.Recurring("sandbox-watchdog", EVERY_MINUTE, watchdog::sweep)),
                List.of(new JobRunner.OneTime(SchedulerRunJobs.RUN_COMPLETE, 5, backoff(5, 300),
                                (run, payload, attempt) -> {
                                    var completion = SchedulerRunJobs.Completion.parse(payload);
                                    runCompletion.complete(RunId.parse(run).orElseThrow(), completion.status(),
                                            completion.reason());
                                }),
                        new JobRunner.OneTime(SchedulerRunJobs.RUN_START, 3, backoff(5, 60),
                                (run, payload, attempt) -> {
                                    var start = SchedulerRunJobs.Start.parse(payload);
                                    sandboxLauncher.launch(RunId.parse(run).orElseThrow(), new UserId(start.startedBy()),
                                            start.apiUrl(), attempt);
                                },
                                // A provider may take minutes (a clone, an agent that boots, a place to free up).
                                JobRunner.Lane.LONG),
                        new JobRunner.OneTime(SchedulerRunJobs.RUN_MESSAGE, Integer.MAX_VALUE, backoff(2, 30),
                                (sequence, payload, attempt) -> messageDelivery.deliver(Long.parseLong(sequence)),
                                // A delivery waits for the agent's turn to end: minutes, on its own workers.
                                JobRunner.Lane.LONG),
                        new JobRunner.OneTime(SchedulerRunJobs.RUN_TEARDOWN, 5, backoff(5, 300),
                                (sandbox, payload, attempt) -> sandboxes.destroy(sandbox)),
                        new JobRunner.OneTime(SchedulerSlackJobs.RELAY, 5, backoff(2, 300),
                                (sequence, payload, attempt) -> slack.deliverRelay(Long.parseLong(sequence))),
                        new JobRunner.OneTime(SchedulerSlackJobs.PR_UPDATE, 5, backoff(2, 300),
                                (key, payload, attempt) -> {
                                    var update = SchedulerSlackJobs.PrUpdate.parse(payload);
                                    slack.deliverPullRequest(TaskId.parse(update.task()).orElseThrow(),
                                            RunId.parse(update.run()).orElseThrow(), update.prUrl());
                                })));
        LOG.info("Commands go to sandboxes allowed by "
                + cloudSettings.urlPolicy());
        // The provider gets ready for its first sandbox (the local one installs the agent) after start-up.
        scheduler.execute(() -> {
            try {
                sandboxes.prepare();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The sandbox provider could not prepare; cloud runs will fail until it can",
                        LogSafe.throwable(e));
            }
        });
        LOG.info("Tasks service started");
    }

    /** The backoff of a job kind (docs/cloud-runs.md#job-kinds), in seconds. */
    private static Backoff backoff(long baseSeconds, long capSeconds) {
        return new Backoff(Duration.ofSeconds(baseSeconds), Duration.ofSeconds(capSeconds));
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (bucketRetry != null) {
            bucketRetry.cancel(false);
        }
        notifications.stopListening();
        jobs.stop();
    }

    /**
     * Creates the bucket and installs its expiry rules; while the store does not answer, tries again
     * every {@link #BUCKET_RETRY} in the background (and {@code /health/ready} reports it down).
     */
    private void prepareBucket() {
        try {
            artifacts.ensureBucket();
            artifacts.installLifecycle();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "The object store is not reachable yet; /health/ready reports it until it is: "
                    + e.getMessage());
            bucketRetry = scheduler.schedule(this::prepareBucket, BUCKET_RETRY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void bootstrapOnce() {
        try {
            bootstrap.runIfEmpty();
        } catch (RuntimeException e) {
            // Another instance won the bootstrap marker at the same moment; its administrator is the one.
            if (!bootstrapDoneElsewhere()) {
                throw e;
            }
            LOG.info("Another instance bootstrapped the database");
        }
    }

    private boolean bootstrapDoneElsewhere() {
        try {
            return !bootstrap.runIfEmpty();
        } catch (RuntimeException again) {
            return false;
        }
    }
}
