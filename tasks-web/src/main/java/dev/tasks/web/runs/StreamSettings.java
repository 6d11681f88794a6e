package dev.tasks.web.runs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of run logs: entry size, the live stream and its connection caps, retention. */
@ApplicationScoped
public class StreamSettings {

    @Inject
    @ConfigProperty(name = "tasks.stream.max.connection.seconds", defaultValue = "900")
    long maxConnectionSeconds;

    @Inject
    @ConfigProperty(name = "tasks.max.log.entry.bytes", defaultValue = "8388608")
    long maxEntryBytes;

    @Inject
    @ConfigProperty(name = "tasks.stream.max.per.key", defaultValue = "50")
    int maxStreamsPerKey;

    @Inject
    @ConfigProperty(name = "tasks.stream.max.total", defaultValue = "5000")
    int maxStreamsTotal;

    @Inject
    @ConfigProperty(name = "tasks.stream.max.unsent.bytes", defaultValue = "16777216")
    long maxUnsentBytes;

    @Inject
    @ConfigProperty(name = "tasks.stream.stall.seconds", defaultValue = "60")
    long stallSeconds;

    @Inject
    @ConfigProperty(name = "tasks.log.retention.days", defaultValue = "30")
    long retentionDays;

    @Inject
    @ConfigProperty(name = "tasks.log.retention.interval.seconds", defaultValue = "3600")
    long retentionIntervalSeconds;

    /** {@code TASKS_MAX_LOG_ENTRY_BYTES}: the largest entry {@code append_log/} accepts (413 beyond). */
    public long maxEntryBytes() {
        return maxEntryBytes;
    }

    /** {@code TASKS_STREAM_MAX_PER_KEY}: open {@code stream/} connections one API key may hold on this instance. */
    public int maxStreamsPerKey() {
        return maxStreamsPerKey;
    }

    /** {@code TASKS_STREAM_MAX_TOTAL}: open {@code stream/} connections this instance holds. */
    public int maxStreamsTotal() {
        return maxStreamsTotal;
    }

    /** {@code TASKS_STREAM_MAX_UNSENT_BYTES}: a connection whose client leaves more than this unread is dropped. */
    public long maxUnsentBytes() {
        return maxUnsentBytes;
    }

    /** {@code TASKS_STREAM_STALL_SECONDS}: a client that takes nothing this long while events wait is dropped. */
    public long stallSeconds() {
        return stallSeconds;
    }

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
