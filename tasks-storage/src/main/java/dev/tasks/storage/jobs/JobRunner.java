package dev.tasks.storage.jobs;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.tasks.domain.job.Backoff;
import dev.tasks.domain.job.JobAttempt;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Jobs on db-scheduler over the shared database (docs/cloud-runs.md#leases-and-retries): every instance runs a
 * scheduler on the {@code scheduled_tasks} table, a due execution is leased by exactly one of them, and a failed
 * one is retried with exponential backoff. Recurring jobs run once per period across all instances;
 * one-time jobs are enqueued in the transaction of the API call that causes them, at most one
 * pending per kind and key. Kinds in the {@linkplain Lane#LONG long lane} (a call that waits minutes
 * on an agent or a sandbox provider) have a second scheduler of their own, on {@code scheduled_long_tasks} with threads
 * of its own, so that they never take the workers of the short jobs.
 */
@ApplicationScoped
public class JobRunner {

    static final Duration POLLING = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** db-scheduler's smallest limit: 4 missed heartbeats of 15 s make the documented 60 s lease. */
    static final int MISSED_HEARTBEATS = 4;
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject
    Database database;

    /** {@code TASKS_JOB_WORKERS}: short jobs an instance runs at once. */
    @Inject
    @ConfigProperty(name = "tasks.job.workers", defaultValue = "4")
    int workers;

    /** {@code TASKS_JOB_LONG_WORKERS}: long jobs (sandbox starts, messages waiting on agents) an instance runs at once. */
    @Inject
    @ConfigProperty(name = "tasks.job.long.workers", defaultValue = "32")
    int longWorkers;

    private final Map<String, OneTimeTask<String>> oneTimeTasks = new ConcurrentHashMap<>();
    private final Map<String, SchedulerClient> clients = new ConcurrentHashMap<>();
    private final List<Scheduler> schedulers = new ArrayList<>();

    /** A job that runs every {@code period} (it must be safe to run twice). */
    public record Recurring(String name, Duration period, Runnable action) {
    }

    /**
     * A kind of one-time job: its handler gets the key and payload it was enqueued with and must be
     * idempotent; a handler that throws is tried again after {@code backoff} (or the delay of a
     * {@link RetryLater}), {@code maxAttempts} times in all.
     */
    public record OneTime(String kind, int maxAttempts, Backoff backoff, Handler handler, Lane lane) {

        public OneTime(String kind, int maxAttempts, Backoff backoff, Handler handler) {
            this(kind, maxAttempts, backoff, handler, Lane.SHORT);
        }
    }

    /** Which workers run a kind of job. */
    public enum Lane {
        /** Jobs that take seconds: the {@code TASKS_JOB_WORKERS} of the instance. */
        SHORT("scheduled_tasks"),
        /** Jobs that may wait minutes on a peer (an agent, a sandbox provider): {@code TASKS_JOB_LONG_WORKERS} threads. */
        LONG("scheduled_long_tasks");

        final String table;

        Lane(String table) {
            this.table = table;
        }
    }

    @FunctionalInterface
    public interface Handler {
        void handle(String key, String payload, JobAttempt attempt);
    }

    /** Defines the one-time kinds and starts the schedulers; jobs of unknown kinds are never run. */
    public synchronized void start(List<Recurring> recurring, List<OneTime> oneTime) {
        if (!schedulers.isEmpty()) {
            return;
        }
        clients.clear();
        Map<Lane, List<Task<?>>> known = new EnumMap<>(Lane.class);
        for (OneTime kind : oneTime) {
            FailureHandler<String> retries = retries(kind);
            OneTimeTask<String> task = Tasks.oneTime(kind.kind(), String.class)
                    .onFailure(retries)
                    // An execution whose instance died is a failed attempt, retried as one.
                    .onDeadExecution(retries::onFailure)
                    .execute((instance, context) -> kind.handler().handle(instance.getId(), instance.getData(),
                            new JobAttempt(context.getExecution().consecutiveFailures + 1, kind.maxAttempts())));
            oneTimeTasks.put(kind.kind(), task);
            known.computeIfAbsent(kind.lane(), lane -> new ArrayList<>()).add(task);
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
        Scheduler shortJobs = lane(Lane.SHORT, known.getOrDefault(Lane.SHORT, List.of()), workers)
                .startTasks(periodic).build();
        start(shortJobs, known.getOrDefault(Lane.SHORT, List.of()));
        if (known.containsKey(Lane.LONG)) {
            // Platform threads, not virtual ones: a job's first run loads classes under the application
            // class loader's lock, and virtual threads pinned there can starve the two carriers of a
            // small machine while the server is still deploying (seen as a hung start-up).
            Scheduler longJobs = lane(Lane.LONG, known.get(Lane.LONG), longWorkers).build();
            start(longJobs, known.get(Lane.LONG));
        }
    }

    private SchedulerBuilder lane(Lane lane, List<Task<?>> kinds, int threads) {
        return Scheduler.create(database.dataSource(), kinds)
                .tableName(lane.table)
                .schedulerName(new SchedulerName.Fixed(instanceName()))
                .threads(Math.max(1, threads))
                // docs/cloud-runs.md#leases-and-retries: a lease not renewed for 60 s (its instance died) is taken
                // over by another instance.
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .pollingInterval(POLLING);
    }

    private void start(Scheduler scheduler, List<Task<?>> kinds) {
        kinds.forEach(kind -> clients.put(kind.getName(), scheduler));
        schedulers.add(scheduler);
        scheduler.start();
    }

    /**
     * After a failure: the job ends (logged) once it has failed {@code maxAttempts} times; otherwise it
     * runs again after a {@link RetryLater}'s delay or its kind's jittered backoff. A job waiting its
     * turn ({@link RetryLater#waiting}) comes back without spending an attempt.
     */
    private static FailureHandler<String> retries(OneTime kind) {
        return (complete, operations) -> {
            int failures = complete.getExecution().consecutiveFailures + 1;
            Throwable cause = complete.getCause().orElse(null);
            if (cause instanceof RetryLater later && later.isWaiting()) {
                // A wait for its turn is no failure: the job comes back as a fresh execution.
                @SuppressWarnings("unchecked")
                TaskInstance<String> instance = (TaskInstance<String>) complete.getExecution().taskInstance;
                operations.removeAndScheduleNew(SchedulableInstance.of(instance, Instant.now().plus(later.delay())));
                return;
            }
            if (failures >= kind.maxAttempts()) {
                LOG.log(Level.SEVERE, "Job " + kind.kind() + " " + complete.getExecution().taskInstance.getId()
                        + " failed " + failures + " times; it is given up", cause == null ? null : LogSafe.throwable(cause));
                operations.stop();
                return;
            }
            Duration delay = cause instanceof RetryLater later ? later.delay()
                    : kind.backoff().after(failures, ThreadLocalRandom.current().nextDouble());
            LOG.info(() -> "Job " + kind.kind() + " " + complete.getExecution().taskInstance.getId() + " failed ("
                    + failures + " of " + kind.maxAttempts() + "): " + (cause == null ? "unknown"
                    : LogSafe.text(String.valueOf(cause.getMessage()))) + "; next attempt in " + delay.toMillis() + " ms");
            operations.reschedule(complete, Instant.now().plus(delay));
        };
    }

    /** How this instance signs its leases ({@code picked_by}): host and process, unique among instances. */
    static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    /** Stops running jobs; jobs may still be enqueued (by requests finishing) for the next start. */
    public synchronized void stop() {
        schedulers.forEach(Scheduler::stop);
        schedulers.clear();
    }

    /**
     * Enqueues a one-time job due now, in the caller's transaction; a no-op while a job of this kind
     * and key is pending or running.
     *
     * @return whether a new job was enqueued
     */
    public boolean enqueue(String kind, String key, String payload) {
        OneTimeTask<String> task = oneTimeTasks.get(kind);
        SchedulerClient client = clients.get(kind);
        if (task == null || client == null) {
            throw new IllegalStateException("job kind " + kind + " is not defined; the job runner has not started");
        }
        return client.scheduleIfNotExists(task.instance(key, payload), Instant.now());
    }

    /**
     * Cancels the job of this kind and key while it waits (docs/cloud-runs.md#leases-and-retries); a job already
     * running is left to finish. In the caller's transaction.
     *
     * @return whether a waiting job was cancelled
     */
    public boolean cancel(String kind, String key) {
        SchedulerClient client = clients.get(kind);
        if (client == null) {
            throw new IllegalStateException("job kind " + kind + " is not defined; the job runner has not started");
        }
        TaskInstanceId id = TaskInstanceId.of(kind, key);
        Optional<ScheduledExecution<Object>> waiting = client.getScheduledExecution(id);
        if (waiting.isEmpty() || waiting.get().isPicked()) {
            return false;
        }
        try {
            client.cancel(id);
            return true;
        } catch (TaskInstanceNotFoundException | TaskInstanceCurrentlyExecutingException e) {
            return false;
        }
    }

    /** The job queue across both lanes and every instance: what waits past its time, runs, and has failed. */
    public record Queue(long due, long running, long failing) {
    }

    /** Counts the queue: one query over both job tables. */
    public Queue queue() {
        String columns = "picked, execution_time, consecutive_failures";
        String sql = "select coalesce(sum(case when not picked and execution_time <= ? then 1 else 0 end), 0),"
                + " coalesce(sum(case when picked then 1 else 0 end), 0),"
                + " coalesce(sum(case when consecutive_failures > 0 then 1 else 0 end), 0)"
                + " from (select " + columns + " from " + Lane.SHORT.table
                + " union all select " + columns + " from " + Lane.LONG.table + ") jobs";
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new Queue(row.getLong(1), row.getLong(2), row.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the job queue: " + e.getMessage(), e);
        }
    }
}
