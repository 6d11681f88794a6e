package dev.tasks.web.runs;

import java.util.List;

/**
 * One page of {@code session_logs/}: the entries' stored bodies and the counts of the headers.
 *
 * @param nextCursor the position of the page's last entry, or null for an empty page
 */
public record SessionLogPage(List<String> bodies, long total, long matching, boolean hasMore, String nextCursor,
                             long readNanos, long filterNanos) {
}
