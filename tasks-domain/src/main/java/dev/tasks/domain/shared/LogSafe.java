package dev.tasks.domain.shared;

/**
 * Text from outside (request values, peers' answers, exception messages that quote them) as it may
 * be written to the server log: control characters and line separators escaped, so that a value can
 * never forge a log line, and long values cut.
 */
public final class LogSafe {

    /** Longest value written; the rest is counted, not written. */
    static final int MAX_LENGTH = 2000;

    private LogSafe() {
    }

    public static String text(Object value) {
        String text = String.valueOf(value);
        int length = Math.min(text.length(), MAX_LENGTH);
        StringBuilder safe = new StringBuilder(length + 16);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\t' -> safe.append("\\t");
                case '\\' -> safe.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        safe.append(String.format("\\u%04x", (int) c));
                    } else {
                        safe.append(c);
                    }
                }
            }
        }
        if (text.length() > length) {
            safe.append("...(").append(text.length() - length).append(" more characters)");
        }
        return safe.toString();
    }

    /**
     * A copy of {@code failure} and its causes whose messages are {@link #text safe}, with the original
     * stack traces: what to hand a logger in place of an exception that may quote outside text.
     */
    public static Throwable throwable(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Throwable cause = throwable(failure.getCause());
        Throwable copy = new Logged(failure.getClass().getName() + ": " + text(failure.getMessage()), cause);
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }

    /** An exception as logged: its class name is part of its message. */
    private static final class Logged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Logged(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
