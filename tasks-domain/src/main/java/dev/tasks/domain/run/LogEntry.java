package dev.tasks.domain.run;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * An entry the agent sends to {@code append_log/} (docs/logs-and-stream.md#appending-log-entries): its verbatim text
 * and what the service derives from it. The event type (docs/logs-and-stream.md#event-types-and-timestamps) is the
 * {@code session/update} kind when there is one, else the notification's method, else {@code ""}; the timestamp is the
 * top-level {@code timestamp} with its offset; streaming fragments ({@code agent_message_chunk}
 * updates) are never stored (docs/logs-and-stream.md#streaming-fragments).
 *
 * @param text the entry as the agent wrote it, insignificant whitespace dropped
 */
public record LogEntry(EntryText text, String eventType, Instant timestamp, boolean streamingFragment) {

    static final String SESSION_UPDATE = "session/update";
    static final String MESSAGE_CHUNK = "agent_message_chunk";
    /** No timestamp in ISO-8601 form is longer; a longer value is not parsed (nor read by parsers) at all. */
    public static final int MAX_TIMESTAMP_LENGTH = 64;

    /**
     * The entry of {@code text}, from the values its parser found (each null when absent or not a
     * string).
     *
     * @param method {@code notification.method}, when {@code notification} is an object
     * @param sessionUpdate {@code notification.params.update.sessionUpdate}
     * @param timestamp the top-level {@code timestamp}
     */
    public static LogEntry of(EntryText text, String method, String sessionUpdate, String timestamp) {
        String eventType = method == null ? ""
                : SESSION_UPDATE.equals(method) && sessionUpdate != null ? sessionUpdate : method;
        boolean fragment = SESSION_UPDATE.equals(method) && MESSAGE_CHUNK.equals(sessionUpdate);
        return new LogEntry(text, eventType, instant(timestamp), fragment);
    }

    /** What the entries port stores. */
    public RunEntries.NewEntry toNewEntry() {
        return new RunEntries.NewEntry(EntryKind.LOG, text, eventType, timestamp);
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.length() > MAX_TIMESTAMP_LENGTH) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
