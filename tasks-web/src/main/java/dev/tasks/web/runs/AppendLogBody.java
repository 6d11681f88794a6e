package dev.tasks.web.runs;

import dev.tasks.domain.run.LogEntry;
import dev.tasks.domain.run.RunEntries.NewEntry;
import java.util.List;

/**
 * The body of {@code append_log/} (logs-and-stream.md §2), validated: the entries in request
 * order, each cut out of the request's own buffer.
 */
public record AppendLogBody(List<LogEntry> entries) {

    /** The entries to store: streaming fragments are dropped (§2 rule 2). */
    public List<NewEntry> kept() {
        return entries.stream().filter(entry -> !entry.streamingFragment()).map(LogEntry::toNewEntry).toList();
    }
}
