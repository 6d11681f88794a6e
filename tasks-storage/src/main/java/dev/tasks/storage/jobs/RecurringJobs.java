package dev.tasks.storage.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jobs that run once per period across all instances sharing the database, on db-scheduler
 * (cloud.md §2.1): every instance runs a scheduler over the {@code scheduled_tasks} table, and a
 * due execution is picked by exactly one of them.
 */
@ApplicationScoped
public class RecurringJobs {

    private static final Logger LOG = Logger.getLogger(RecurringJobs.class.getName());

    @Inject
    Database database;

    private Scheduler scheduler;

    /** A job: its unique name, its period, and what it does (it must be safe to run twice). */
    public record Job(String name, Duration period, Runnable action) {
    }

    public synchronized void start(List<Job> jobs) {
        if (scheduler != null || jobs.isEmpty()) {
            return;
        }
        List<RecurringTask<?>> tasks = new ArrayList<>();
        Duration polling = Duration.ofSeconds(10);
        for (Job job : jobs) {
            tasks.add(Tasks.recurring(job.name(), FixedDelay.of(job.period())).execute((instance, context) -> {
                try {
                    job.action().run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Job " + job.name() + " failed; it runs again next period", e);
                }
            }));
            if (job.period().compareTo(polling) < 0) {
                polling = job.period();
            }
        }
        scheduler = Scheduler.create(database.dataSource())
                .startTasks(tasks)
                .threads(2)
                .pollingInterval(polling)
                .build();
        scheduler.start();
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }
}
