package dev.tasks.web.runs;

import dev.tasks.domain.run.RunEntries;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The retention job (docs/logs-and-stream.md#retention): entries older than {@code TASKS_LOG_RETENTION_DAYS}
 * are deleted in batches of 10,000 entries or 256 MiB of them; runs, their counters and artifacts stay.
 */
@ApplicationScoped
public class LogRetention {

    static final int BATCH = 10_000;
    /** A batch also stops at this many bytes of entries, so that one statement's work stays bounded. */
    static final long BATCH_BYTES = 256L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(LogRetention.class.getName());

    @Inject
    RunEntries entries;

    @Inject
    StreamSettings settings;

    @Inject
    Clock clock;

    public void purge() {
        if (settings.retentionDays() <= 0) {
            return;
        }
        long deleted = entries.deleteCreatedBefore(
                Timestamps.now(clock).minus(Duration.ofDays(settings.retentionDays())), BATCH, BATCH_BYTES);
        if (deleted > 0) {
            LOG.info("Log retention deleted " + deleted + " entries older than " + settings.retentionDays() + " days");
        }
    }

    public Duration period() {
        return Duration.ofSeconds(Math.max(1, settings.retentionIntervalSeconds()));
    }
}
