package dev.tasks.domain.shared;

/**
 * A limit/offset window over an ordered result. Out-of-range input falls back rather than fails,
 * as PostHog's paginator does: a limit that is not a positive integer becomes the default, one above
 * the maximum is clamped, an invalid offset becomes 0.
 */
public record PageRequest(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit out of range: " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
    }

    public static PageRequest parse(String limit, String offset) {
        return new PageRequest(parseLimit(limit), parseOffset(offset));
    }

    private static int parseLimit(String text) {
        Long value = parsePositiveOrZero(text);
        if (value == null || value == 0) {
            return DEFAULT_LIMIT;
        }
        return (int) Math.min(value, MAX_LIMIT);
    }

    private static int parseOffset(String text) {
        Long value = parsePositiveOrZero(text);
        return value == null ? 0 : (int) Math.min(value, Integer.MAX_VALUE);
    }

    private static Long parsePositiveOrZero(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(text);
    }
}
