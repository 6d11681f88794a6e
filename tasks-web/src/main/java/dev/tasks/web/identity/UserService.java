package dev.tasks.web.identity;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.Projects;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.identity.Users;
import dev.tasks.domain.shared.Change;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotAllowed;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.web.identity.IdentityViews.ApiKeyView;
import dev.tasks.web.identity.IdentityViews.CreatedUserView;
import dev.tasks.web.identity.IdentityViews.MeView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Users: the caller's own profile, and the administrators' user management. */
@ApplicationScoped
@Transactional
public class UserService {

    @Inject
    Users users;

    @Inject
    Projects projects;

    @Inject
    ProjectResolver resolver;

    @Inject
    ApiKeyService keys;

    @Inject
    Clock clock;

    @Inject
    SecureRandom random;

    public record ProfileChanges(Change<String> firstName, Change<String> lastName, Change<Long> currentTeam) {
    }

    public record NewUserRequest(String email, String firstName, String lastName, boolean staff, List<Long> projects,
                                 ApiKeyService.KeyRequest initialKey) {
    }

    public record AccessChanges(Change<String> firstName, Change<String> lastName, Change<Boolean> staff,
                                Change<Boolean> active) {
    }

    public MeView me(Caller caller) {
        Project current = resolver.current(caller).orElse(null);
        return MeView.of(caller.user(), current, projects.accessible(Projects.Access.of(caller)));
    }

    public MeView updateMe(Caller caller, ProfileChanges changes) {
        User user = users.find(caller.userId()).orElseThrow(NotFound::addressed);
        user = user.renamed(changes.firstName().orElse(user.firstName()), changes.lastName().orElse(user.lastName()));
        if (changes.currentTeam().isSet()) {
            Long team = changes.currentTeam().value();
            ProjectId id = team == null || team < 1 ? null : new ProjectId(team);
            boolean member = id != null && projects.find(id).isPresent()
                    && (user.staff() || projects.isMember(id, user.id()));
            if (!member) {
                throw new InvalidValueException("set_current_team", "Project not found.");
            }
            user = user.withCurrentProject(id);
        }
        users.update(user);
        return me(new Caller(user, caller.key()));
    }

    public Page<User> list(PageRequest page) {
        return users.all(page);
    }

    public void requireEmailFree(String email) {
        if (users.emailTaken(User.normalizeEmail(email))) {
            throw new InvalidValueException("email", "A user with this email already exists.");
        }
    }

    public void requireProjectsExist(List<Long> ids) {
        for (Long id : ids) {
            if (id == null || id < 1 || projects.find(new ProjectId(id)).isEmpty()) {
                throw new InvalidValueException("projects", "Project not found.");
            }
        }
    }

    /**
     * Creates a user, makes them a member of the requested projects, and mints their initial key. A
     * key limited to projects cannot reach beyond them through the new user: it may not make an
     * administrator (who reaches every project) nor a member of a project outside its list.
     */
    public CreatedUserView create(Caller caller, NewUserRequest request) {
        if (request.staff() && !caller.mayChangeStaffStatus()) {
            throw NotAllowed.noPermission();
        }
        for (Long project : request.projects()) {
            if (project != null && project > 0 && !caller.mayGrantAccessTo(new ProjectId(project))) {
                throw NotAllowed.projectOutsideKey(project);
            }
        }
        requireEmailFree(request.email());
        requireProjectsExist(request.projects());
        Instant now = Timestamps.now(clock);
        List<ProjectId> memberships = request.projects().stream().distinct().map(ProjectId::new).toList();
        User user = users.create(new Users.NewUser(request.email(), request.firstName(), request.lastName(),
                request.staff(), User.newDistinctId(random), UUID.randomUUID(),
                memberships.isEmpty() ? null : memberships.get(0)), now);
        for (ProjectId project : memberships) {
            projects.addMember(project, user.id(), now);
        }
        ApiKeyView initialKey = null;
        if (request.initialKey() != null) {
            try {
                initialKey = keys.mint(caller, user, request.initialKey());
            } catch (InvalidValueException e) {
                throw e.under("initial_key");
            }
        }
        return CreatedUserView.of(user, initialKey);
    }

    public User update(Caller caller, long id, AccessChanges changes) {
        User user = (id < 1 ? null : users.find(new UserId(id)).orElse(null));
        if (user == null) {
            throw NotFound.addressed();
        }
        if (changes.staff().isSet() && changes.staff().value() != user.staff() && !caller.mayChangeStaffStatus()) {
            throw NotAllowed.noPermission();
        }
        user = user.renamed(changes.firstName().orElse(user.firstName()), changes.lastName().orElse(user.lastName()))
                .withAccess(changes.staff().orElse(user.staff()), changes.active().orElse(user.active()), caller.userId());
        users.update(user);
        return user;
    }
}
