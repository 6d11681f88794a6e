package dev.tasks.web.readiness;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.task.RepositoryName;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.FieldValues;

/**
 * The query of {@code repository_readiness/} (docs/readiness.md#query), validated in the table's order:
 * {@code repository} (required, trimmed, lower-cased, {@code org/name}), {@code window_days} (1–30,
 * default 7), {@code refresh} (a boolean word, default false).
 */
record ReadinessQuery(RepositoryName repository, int windowDays, boolean refresh) {

    static final int DEFAULT_WINDOW_DAYS = 7;
    static final long MAX_WINDOW_DAYS = 30;

    static ReadinessQuery parse(String repository, String windowDays, String refresh) {
        if (repository == null) {
            throw ApiException.validation("required", "This field is required.", "repository");
        }
        String trimmed = repository.strip();
        if (trimmed.isEmpty()) {
            throw ApiException.validation("blank", "This field may not be blank.", "repository");
        }
        RepositoryName name;
        try {
            name = new RepositoryName(trimmed);
        } catch (InvalidValueException e) {
            throw ApiException.invalidInput(e.getMessage(), "repository");
        }
        int days = windowDays == null ? DEFAULT_WINDOW_DAYS
                : (int) FieldValues.integer(TextNode.valueOf(windowDays), 1L, MAX_WINDOW_DAYS, "window_days");
        return new ReadinessQuery(name, days, FieldValues.booleanParameter(refresh, false, "refresh"));
    }
}
