package dev.tasks.web.app;

import dev.tasks.storage.jdbc.DatabaseNotifications;
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
}
