package dev.tasks.web.runs;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.tasks.domain.run.RunEntries.LogFilter;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.run.SessionLogQuery;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.FieldValues;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The query parameters of {@code session_logs/} (docs/logs-and-stream.md#filters), checked
 * with PostHog's messages and turned into a {@link SessionLogQuery}.
 */
final class SessionLogParameters {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 5000;

    private SessionLogParameters() {
    }

    static SessionLogQuery parse(String after, String eventTypes, String excludeTypes, String limit,
                                        String offset, String includeResumed, String afterSeq) {
        Instant afterTime = after == null ? null : datetime(after);
        int pageLimit = limit == null ? DEFAULT_LIMIT
                : (int) FieldValues.integer(TextNode.valueOf(limit), 1L, (long) MAX_LIMIT, "limit");
        long pageOffset = offset == null ? 0 : offset(offset);
        boolean resumed = FieldValues.booleanParameter(includeResumed, false, "include_resumed");
        RunId cursorRun = null;
        Long cursorSeq = null;
        if (afterSeq != null) {
            String seqText = afterSeq;
            int colon = afterSeq.indexOf(':');
            if (colon >= 0) {
                cursorRun = resumed ? RunId.parse(afterSeq.substring(0, colon)).orElse(null) : null;
                if (cursorRun == null) {
                    throw ApiException.invalidInput("Invalid after_seq.", "after_seq");
                }
                seqText = afterSeq.substring(colon + 1);
            }
            if (!seqText.matches("\\d{1,18}")) {
                throw ApiException.invalidInput("Invalid after_seq.", "after_seq");
            }
            cursorSeq = Long.parseLong(seqText);
            if (pageOffset > 0) {
                throw ApiException.invalidInput("after_seq cannot be combined with offset.", "after_seq");
            }
        }
        return new SessionLogQuery(new LogFilter(afterTime, types(eventTypes), types(excludeTypes)), pageLimit,
                pageOffset, resumed, cursorRun, cursorSeq);
    }

    /** Comma-separated, items trimmed, empty items ignored. */
    static List<String> types(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty()).distinct().toList();
    }

    /** ISO-8601 with or without an offset (none means UTC), as DRF's DateTimeField reads it. */
    static Instant datetime(String text) {
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw ApiException.validation("invalid", "Datetime has wrong format. Use one of these formats instead: "
                        + "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].", "after");
            }
        }
    }

    /** An integer ≥ 0; one beyond any log is an empty page, as PostHog answers, not an error. */
    private static long offset(String text) {
        BigInteger value = FieldValues.integerText(text);
        if (value != null && value.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            return Integer.MAX_VALUE;
        }
        return FieldValues.integer(TextNode.valueOf(text), 0L, null, "offset");
    }
}
