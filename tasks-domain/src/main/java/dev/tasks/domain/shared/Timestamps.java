package dev.tasks.domain.shared;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The service keeps time to the microsecond, the precision of its wire format and of PostgreSQL. */
public final class Timestamps {

    /**
     * Timestamps the server writes into JSON documents (docs/identity.md#request-conventions): UTC in the offset form.
     */
    private static final DateTimeFormatter OFFSET_FORM =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code 2026-01-01T12:00:00.123456+00:00}, or null for null. */
    public static String offsetForm(Instant instant) {
        return instant == null ? null : OFFSET_FORM.format(instant);
    }
}
