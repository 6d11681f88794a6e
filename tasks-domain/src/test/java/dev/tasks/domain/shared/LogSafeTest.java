package dev.tasks.domain.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Outside text never forges a log line. */
class LogSafeTest {

    @Test
    void controlCharactersAndLineSeparatorsAreEscaped() {
        assertEquals("org/repo\\nSEVERE: forged\\r\\u001b[31m\\u2028x\\\\n",
                LogSafe.text("org/repo\nSEVERE: forged\r\u001b[31m\u2028x\\n"));
        assertEquals("plain ü text", LogSafe.text("plain ü text"));
        assertEquals("null", LogSafe.text(null));
    }

    @Test
    void longValuesAreCut() {
        String safe = LogSafe.text("x".repeat(LogSafe.MAX_LENGTH + 5));
        assertTrue(safe.endsWith("...(5 more characters)"));
    }

    @Test
    void exceptionsKeepTheirTraceButNotTheirLines() {
        var original = new IllegalStateException("bad\nline", new IllegalArgumentException("inner\r"));
        Throwable safe = LogSafe.throwable(original);
        assertEquals("java.lang.IllegalStateException: bad\\nline", safe.toString());
        assertEquals("java.lang.IllegalArgumentException: inner\\r", safe.getCause().toString());
        assertEquals(original.getStackTrace()[0], safe.getStackTrace()[0]);
    }
}
