package dev.tasks.domain.identity;

import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The projects port: projects, their memberships, and which projects a user may reach. "Accessible"
 * always means: the user is a member (administrators are members of every project) and, when the
 * key is limited to projects, the project is in that limit.
 */
public interface Projects {

    Optional<Project> find(ProjectId id);

    /** Stores a new project; ids are assigned in sequence from 1. */
    Project create(String name, ProjectSettings settings, Instant now);

    void update(Project project);

    boolean isMember(ProjectId project, UserId user);

    /** The project, when it is accessible: one lookup for what every project-scoped request checks. */
    Optional<Project> findAccessible(ProjectId id, Access access);

    Page<Project> accessible(Access access, PageRequest page);

    /** Every accessible project, ascending by id. */
    List<Project> accessible(Access access);

    /** The lowest-id accessible project, if any. */
    Optional<ProjectId> lowestAccessible(Access access);

    /** Explicit members, ascending by user id. */
    List<Membership> members(ProjectId project);

    Optional<Membership> membership(ProjectId project, UserId user);

    Membership addMember(ProjectId project, UserId user, Instant now);

    boolean removeMember(ProjectId project, UserId user);

    /** Who asks, and through which project limit. */
    record Access(UserId user, boolean administrator, List<ProjectId> limit) {
        public Access {
            limit = limit == null ? List.of() : List.copyOf(limit);
        }

        public static Access of(Caller caller) {
            return new Access(caller.userId(), caller.isAdministrator(), caller.key().scopedTeams());
        }
    }
}
