package dev.tasks.web.tasks;

import java.time.Instant;
import java.util.UUID;

/** An item of {@code tasks/summaries/}. */
public record TaskSummaryView(UUID id, String title, String repository, String originProduct, Instant createdAt,
                              Instant updatedAt, LatestRun latestRun) {

    public record LatestRun(String status, String environment) {
    }
}
