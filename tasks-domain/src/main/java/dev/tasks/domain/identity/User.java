package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * A person (or robot) who calls the API with personal API keys. Administrators ({@code staff})
 * are members of every project and manage users and projects. An inactive user's keys stop
 * authenticating. The current project is what {@code @current} prefers.
 */
public record User(UserId id, UUID uuid, String distinctId, String email, String firstName, String lastName,
                   boolean staff, boolean active, Instant dateJoined, ProjectId currentProject) {

    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_NAME_LENGTH = 150;
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(distinctId, "distinctId");
        Objects.requireNonNull(dateJoined, "dateJoined");
        email = normalizeEmail(email);
        firstName = firstName == null ? "" : firstName;
        lastName = lastName == null ? "" : lastName;
    }

    /** Emails are unique case-insensitively and stored lower-cased. */
    public static String normalizeEmail(String email) {
        Objects.requireNonNull(email, "email");
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** 32 random characters {@code [A-Za-z0-9]}: the id PostHog's analytics know a user by. */
    public static String newDistinctId(RandomGenerator random) {
        var builder = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            builder.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return builder.toString();
    }

    public User renamed(String newFirstName, String newLastName) {
        return new User(id, uuid, distinctId, email, newFirstName, newLastName, staff, active, dateJoined,
                currentProject);
    }

    public User withCurrentProject(ProjectId project) {
        return new User(id, uuid, distinctId, email, firstName, lastName, staff, active, dateJoined, project);
    }

    /**
     * The administrator {@code actor} changes this user's administrator and active flags. Nobody
     * can demote or deactivate themselves: a project would otherwise risk losing its last
     * administrator by accident.
     */
    public User withAccess(boolean newStaff, boolean newActive, UserId actor) {
        if (id.equals(actor) && staff && !newStaff) {
            throw new dev.tasks.domain.shared.InvalidValueException("is_staff", "You cannot deactivate or demote yourself.");
        }
        if (id.equals(actor) && active && !newActive) {
            throw new dev.tasks.domain.shared.InvalidValueException("is_active", "You cannot deactivate or demote yourself.");
        }
        return new User(id, uuid, distinctId, email, firstName, lastName, newStaff, newActive, dateJoined,
                currentProject);
    }
}
