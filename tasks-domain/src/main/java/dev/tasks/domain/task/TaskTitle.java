package dev.tasks.domain.task;

/**
 * How a new task gets its title. A title given by the caller is kept and counts as set by hand;
 * without one, the first line of the description stands in, cut to 60 characters.
 */
public record TaskTitle(String text, boolean manuallySet) {

    public static final int MAX_LENGTH = 255;
    static final int DERIVED_MAX_LENGTH = 60;

    /**
     * @param requested the title sent, or null when none was sent
     * @param manuallySetRequested {@code title_manually_set} as sent, or null
     */
    public static TaskTitle forNewTask(String requested, Boolean manuallySetRequested, String description) {
        if (requested != null && !requested.isBlank()) {
            return new TaskTitle(requested, manuallySetRequested == null || manuallySetRequested);
        }
        String prompt = description == null ? "" : description.strip();
        if (prompt.isEmpty()) {
            return new TaskTitle("", false);
        }
        return new TaskTitle(derivedFrom(prompt), false);
    }

    static String derivedFrom(String prompt) {
        int end = 0;
        while (end < prompt.length() && prompt.charAt(end) != '\n' && prompt.charAt(end) != '\r') {
            end++;
        }
        String firstLine = prompt.substring(0, end).strip();
        if (firstLine.codePointCount(0, firstLine.length()) <= DERIVED_MAX_LENGTH) {
            return firstLine;
        }
        return firstLine.substring(0, firstLine.offsetByCodePoints(0, DERIVED_MAX_LENGTH - 3)) + "...";
    }
}
