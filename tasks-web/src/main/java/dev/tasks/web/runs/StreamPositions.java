package dev.tasks.web.runs;

import dev.tasks.web.http.ApiException;

/** Where a reconnecting stream resumes (docs/logs-and-stream.md#where-a-stream-starts). */
final class StreamPositions {

    private StreamPositions() {
    }

    /** {@code <n>} or {@code log-<n>} with n ≥ 0; anything else is refused before the stream opens. */
    static long lastEventId(String header) {
        String text = header.strip();
        if (text.startsWith("log-")) {
            text = text.substring(4);
        }
        if (!text.matches("\\d{1,18}")) {
            throw ApiException.invalidInput("Invalid Last-Event-ID", null);
        }
        return Long.parseLong(text);
    }
}
