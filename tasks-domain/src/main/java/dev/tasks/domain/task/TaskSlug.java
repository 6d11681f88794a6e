package dev.tasks.domain.task;

import java.util.Locale;

/**
 * The human handle of a task, {@code <PREFIX>-<task number>}, with a prefix taken from the
 * project's current name at read time (so renaming a project renames its slugs).
 */
public final class TaskSlug {

    static final String FALLBACK_PREFIX = "TSK";

    private TaskSlug() {
    }

    public static String of(String projectName, Integer taskNumber) {
        return taskNumber == null ? "" : prefix(projectName) + "-" + taskNumber;
    }

    /**
     * The letters and digits of the name; its first three capitals when it has three, else its first
     * three characters upper-cased; {@code TSK} when nothing is left.
     */
    public static String prefix(String projectName) {
        var kept = new StringBuilder();
        var capitals = new StringBuilder();
        projectName.codePoints().filter(Character::isLetterOrDigit).forEach(cp -> {
            kept.appendCodePoint(cp);
            if (Character.isUpperCase(cp)) {
                capitals.appendCodePoint(cp);
            }
        });
        if (capitals.codePointCount(0, capitals.length()) >= 3) {
            return capitals.substring(0, capitals.offsetByCodePoints(0, 3));
        }
        if (kept.isEmpty()) {
            return FALLBACK_PREFIX;
        }
        int end = kept.codePointCount(0, kept.length()) >= 3 ? kept.offsetByCodePoints(0, 3) : kept.length();
        return kept.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
