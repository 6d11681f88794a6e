package dev.tasks.domain.readiness;

import dev.tasks.domain.identity.Integration;
import java.time.Instant;
import java.util.List;

/**
 * The project's own event data, read through its {@code posthog} integration (docs/readiness.md#counts).
 * Every failure counts as 0 (and is logged); the readiness answer never fails because of it.
 */
public interface EventData {

    /** How many of {@code eventNames} were seen since {@code since}; 0 when the list is empty. */
    long recentTrackingEvents(Integration source, List<String> eventNames, Instant since);

    /** Error-tracking issues of the whole project first seen since {@code since}. */
    long newErrorIssues(Integration source, Instant since);
}
