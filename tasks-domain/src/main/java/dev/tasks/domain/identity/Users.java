package dev.tasks.domain.identity;

import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The users port. */
public interface Users {

    Optional<User> find(UserId id);

    boolean anyExist();

    boolean emailTaken(String normalizedEmail);

    /** Stores a new user; ids are assigned in sequence. */
    User create(NewUser user, Instant now);

    void update(User user);

    Page<User> all(PageRequest page);

    /** What a new user is made of; the store assigns the id. */
    record NewUser(String email, String firstName, String lastName, boolean staff, String distinctId,
                   UUID uuid, ProjectId currentProject) {
    }
}
