package dev.tasks.domain.identity;

import java.util.Objects;

/** The authenticated user of one request and the key they presented. */
public record Caller(User user, PersonalApiKey key) {

    public Caller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(key, "key");
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
}
