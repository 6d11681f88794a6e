package dev.tasks.domain.task;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunStatus;
import java.util.Locale;

/**
 * The filters of the task list. Every filter is optional (null) and they combine with AND; the
 * base set is always the project's readable, undeleted tasks.
 */
public record TaskQuery(ProjectId project, UserId viewer, String originProduct, String stage,
                        String repository, String organization, UserId createdBy, String search, RunStatus status,
                        Inclusion internal, Inclusion archived) {

    /** How a flag filter treats flagged tasks. */
    public enum Inclusion {
        /** Only tasks without the flag (the default). */
        EXCLUDE,
        /** Only tasks with the flag. */
        ONLY,
        /** Both. */
        ALL;

        /** {@code false}/absent, {@code true}, {@code all}; null for anything else. */
        public static Inclusion parse(String text) {
            if (text == null || text.equals("false")) {
                return EXCLUDE;
            }
            return switch (text) {
                case "true" -> ONLY;
                case "all" -> ALL;
                default -> null;
            };
        }
    }

    public TaskQuery {
        repository = normalize(repository);
        organization = normalize(organization);
        stage = stage == null || stage.isEmpty() ? null : stage;
        originProduct = originProduct == null || originProduct.isEmpty() ? null : originProduct;
        search = search == null || search.isBlank() ? null : search.strip();
        internal = internal == null ? Inclusion.EXCLUDE : internal;
        archived = archived == null ? Inclusion.EXCLUDE : archived;
    }

    /** Trimmed and lower-cased; blank means no filter. */
    private static String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** A repository filter with a slash matches exactly; without one, it matches the repository's name. */
    public boolean repositoryIsFullName() {
        return repository != null && repository.contains("/");
    }

    /**
     * The task number a search also matches: the part after the last {@code -} (the whole value when
     * there is none) when it is all digits, so {@code 2} and {@code TSK-2} both find task 2.
     */
    public Integer searchedTaskNumber() {
        if (search == null) {
            return null;
        }
        String tail = search.substring(search.lastIndexOf('-') + 1);
        if (tail.isEmpty() || tail.length() > 9 || !tail.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(tail);
    }
}
