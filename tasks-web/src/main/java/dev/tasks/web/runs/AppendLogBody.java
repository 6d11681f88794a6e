package dev.tasks.web.runs;

import dev.tasks.domain.run.LogEntry;
import dev.tasks.domain.run.RunEntries.NewEntry;
import java.util.List;

/**
 * The body of {@code append_log/} (docs/logs-and-stream.md#appending-log-entries), validated: the entries in request
 * order, each cut out of the request's own buffer.
 */
public record AppendLogBody(List<LogEntry> entries) {

    /** The entries to store: streaming fragments are dropped (docs/logs-and-stream.md#streaming-fragments). */
    public List<NewEntry> kept() {
        return entries.stream().filter(entry -> !entry.streamingFragment()).map(LogEntry::toNewEntry).toList();
    }
}
