package dev.tasks.storage.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.tasks.domain.job.JobAttempt;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jobs on db-scheduler over the shared database (cloud.md §2.1): every instance runs a scheduler on
 * the {@code scheduled_tasks} table, a due execution is leased by exactly one of them, and a failed
 * one is retried with exponential backoff. Recurring jobs run once per period across all instances;
 * one-time jobs are enqueued in the transaction of the API call that causes them, at most one
 * pending per kind and key.
 */
@ApplicationScoped
public class JobRunner {

    static final Duration POLLING = Duration.ofSeconds(1);
    /** Each retry waits twice as long as the one before (cloud.md §2.1 rule 5: base × 2^(attempt−1)). */
    static final double BACKOFF_RATE = 2.0;
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject
    Database database;

    private final Map<String, OneTimeTask<String>> oneTimeTasks = new ConcurrentHashMap<>();
    private volatile Scheduler scheduler;
    private volatile SchedulerClient client;

    /** A job that runs every {@code period} (it must be safe to run twice). */
    public record Recurring(String name, Duration period, Runnable action) {
    }

    /**
     * A kind of one-time job: its handler gets the key and payload it was enqueued with and must be
     * idempotent; a handler that throws is retried up to {@code maxAttempts} times.
     */
    public record OneTime(String kind, int maxAttempts, Duration backoff, Handler handler) {
    }

    @FunctionalInterface
    public interface Handler {
        void handle(String key, String payload, JobAttempt attempt);
    }

    /** Defines the one-time kinds and starts the scheduler; jobs of unknown kinds are never run. */
    public synchronized void start(List<Recurring> recurring, List<OneTime> oneTime) {
        if (scheduler != null) {
            return;
        }
        List<Task<?>> known = new ArrayList<>();
        for (OneTime kind : oneTime) {
            OneTimeTask<String> task = Tasks.oneTime(kind.kind(), String.class)
                    // db-scheduler counts retries: the first execution plus maxAttempts - 1 more.
                    .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(kind.maxAttempts() - 1,
                            retryAfterOr(new FailureHandler.ExponentialBackoffFailureHandler<>(kind.backoff(),
                                    BACKOFF_RATE))))
                    .execute((instance, context) -> kind.handler().handle(instance.getId(), instance.getData(),
                            new JobAttempt(context.getExecution().consecutiveFailures + 1, kind.maxAttempts())));
            oneTimeTasks.put(kind.kind(), task);
            known.add(task);
        }
        List<RecurringTask<?>> periodic = new ArrayList<>();
        for (Recurring job : recurring) {
            periodic.add(Tasks.recurring(job.name(), FixedDelay.of(job.period())).execute((instance, context) -> {
                try {
                    job.action().run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Job " + job.name() + " failed; it runs again next period",
                            LogSafe.throwable(e));
                }
            }));
        }
        scheduler = Scheduler.create(database.dataSource(), known)
                .startTasks(periodic)
                .threads(2)
                .pollingInterval(POLLING)
                .build();
        client = scheduler;
        scheduler.start();
    }

    /** Honours a {@link RetryLater}'s delay; any other failure backs off as {@code backoff} says. */
    private static FailureHandler<String> retryAfterOr(FailureHandler<String> backoff) {
        return (complete, operations) -> {
            if (complete.getCause().orElse(null) instanceof RetryLater later) {
                operations.reschedule(complete, Instant.now().plus(later.delay()));
            } else {
                backoff.onFailure(complete, operations);
            }
        };
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    /**
     * Enqueues a one-time job due now, in the caller's transaction; a no-op while a job of this kind
     * and key is pending or running.
     *
     * @return whether a new job was enqueued
     */
    public boolean enqueue(String kind, String key, String payload) {
        OneTimeTask<String> task = oneTimeTasks.get(kind);
        if (task == null || client == null) {
            throw new IllegalStateException("job kind " + kind + " is not defined; the job runner has not started");
        }
        return client.scheduleIfNotExists(task.instance(key, payload), Instant.now());
    }
}
