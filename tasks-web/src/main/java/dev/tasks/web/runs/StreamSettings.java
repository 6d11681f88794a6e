package dev.tasks.web.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of the live stream and of log retention (spec README §10). */
@ApplicationScoped
public class StreamSettings {

    @Inject
    @ConfigProperty(name = "tasks.stream.max.connection.seconds", defaultValue = "900")
    long maxConnectionSeconds;

    @Inject
    @ConfigProperty(name = "tasks.log.retention.days", defaultValue = "30")
    long retentionDays;

    @Inject
    @ConfigProperty(name = "tasks.log.retention.interval.seconds", defaultValue = "3600")
    long retentionIntervalSeconds;

    public long maxConnectionSeconds() {
        return maxConnectionSeconds;
    }

    /** How often the retention job runs (hourly; shorter in tests). */
    public long retentionIntervalSeconds() {
        return retentionIntervalSeconds;
    }

    /** 0 keeps entries forever. */
    public long retentionDays() {
        return retentionDays;
    }
}
