package dev.tasks.web.app;

import dev.tasks.storage.jdbc.DatabaseNotifications;
import dev.tasks.storage.jobs.JobRunner;
import dev.tasks.web.http.BodyMemory;
import dev.tasks.web.http.Downloads;
import dev.tasks.web.runs.StreamCaps;
import dev.tasks.web.runs.StreamHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/**
 * The service's own gauges at {@code /metrics}, beside the runtime's: what this instance holds of
 * the resources its limits bound, and whether it hears other instances' stream notifications.
 */
@ApplicationScoped
public class ServiceMetrics {

    @Inject
    DatabaseNotifications notifications;

    @Inject
    StreamCaps streams;

    @Inject
    StreamHub hub;

    @Inject
    BodyMemory bodies;

    @Inject
    Downloads downloads;

    @Inject
    JobRunner jobs;

    /** The queue counted at most once a second, however often the three gauges are read. */
    private volatile Counted queue = new Counted(new JobRunner.Queue(0, 0, 0), 0);

    private record Counted(JobRunner.Queue queue, long atNanos) {
    }

    /** Gauges of a bean are registered when it is made: make it with the application. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // nothing else to do
    }

    @Gauge(name = "tasks_stream_listener_connected", unit = MetricUnits.NONE, absolute = true,
            description = "1 while this instance holds its LISTEN connection to PostgreSQL, else 0")
    public long listenerConnected() {
        return notifications.isListening() ? 1 : 0;
    }

    @Gauge(name = "tasks_stream_connections", unit = MetricUnits.NONE, absolute = true,
            description = "Open stream/ connections on this instance")
    public long streamConnections() {
        return streams.caps().open();
    }

    @Gauge(name = "tasks_downloads", unit = MetricUnits.NONE, absolute = true,
            description = "Streamed downloads (logs/, session_logs/, download/) open on this instance")
    public long downloads() {
        return downloads.caps().open();
    }

    @Gauge(name = "tasks_stream_frame_bytes", unit = MetricUnits.BYTES, absolute = true,
            description = "Bytes of stream events waiting for slow clients on this instance, each event once")
    public long streamFrameBytes() {
        return hub.frameBytes();
    }

    @Gauge(name = "tasks_request_body_bytes", unit = MetricUnits.BYTES, absolute = true,
            description = "Request bodies held in memory now, out of TASKS_REQUEST_MEMORY_BYTES")
    public long requestBodyBytes() {
        return bodies.inUseBytes();
    }

    @Gauge(name = "tasks_jobs_due", unit = MetricUnits.NONE, absolute = true,
            description = "Jobs of all instances whose time has come and that no instance runs yet")
    public long jobsDue() {
        return queue().due();
    }

    @Gauge(name = "tasks_jobs_running", unit = MetricUnits.NONE, absolute = true,
            description = "Jobs some instance is running now")
    public long jobsRunning() {
        return queue().running();
    }

    @Gauge(name = "tasks_jobs_failing", unit = MetricUnits.NONE, absolute = true,
            description = "Jobs whose last attempt failed and that wait for their next one")
    public long jobsFailing() {
        return queue().failing();
    }

    private JobRunner.Queue queue() {
        Counted last = queue;
        long now = System.nanoTime();
        if (last.atNanos() == 0 || now - last.atNanos() > 1_000_000_000L) {
            try {
                last = new Counted(jobs.queue(), now);
            } catch (RuntimeException databaseAway) {
                // /metrics answers while the database is away: the last count stands until it is back.
                last = new Counted(last.queue(), now);
            }
            queue = last;
        }
        return last.queue();
    }
}
