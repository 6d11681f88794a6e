package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.Objects;

/** The authenticated user of one request and the key they presented. */
public record Caller(User user, PersonalApiKey key) {

    public Caller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(key, "key");
    }

    /** The same caller once the use of its key at {@code at} is recorded. */
    public Caller keyUsedAt(Instant at) {
        return new Caller(user, key.usedAt(at));
    }

    public UserId userId() {
        return user.id();
    }

    public boolean isAdministrator() {
        return user.staff();
    }

    public boolean has(Scope required) {
        return key.scopes().grants(required);
    }

    public boolean mayUse(ProjectId project) {
        return key.mayUse(project);
    }

    /**
     * Whether this request may give a user access to {@code project} (membership of a new user): a
     * key limited to projects grants access only within its own list.
     */
    public boolean mayGrantAccessTo(ProjectId project) {
        return key.mayUse(project);
    }

    /** Only a key without a project limit may make a user an administrator, or take that away. */
    public boolean mayChangeStaffStatus() {
        return !key.isLimitedToProjects();
    }
}
