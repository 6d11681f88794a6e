package dev.tasks.web.identity;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Membership;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.identity.Projects;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.identity.Users;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Projects and their members. */
@ApplicationScoped
@Transactional
public class ProjectService {

    @Inject
    Projects projects;

    @Inject
    Users users;

    @Inject
    Clock clock;

    public record ProjectChanges(Optional<String> name, Optional<Boolean> proactiveTasksEnabled,
                                 Optional<Boolean> sessionRecordingOptIn, Optional<Boolean> autocaptureExceptionsOptIn) {
        ProjectSettings applyTo(ProjectSettings settings) {
            return settings.with(proactiveTasksEnabled, sessionRecordingOptIn, autocaptureExceptionsOptIn);
        }
    }

    /** A membership and whether this request created it. */
    public record Joined(Membership membership, boolean created) {
    }

    public Page<Project> list(Caller caller, PageRequest page) {
        return projects.accessible(Projects.Access.of(caller), page);
    }

    /** Creates a project; its creator joins it, and it becomes their current project if they had none. */
    public Project create(Caller caller, String name, ProjectChanges flags) {
        Instant now = Timestamps.now(clock);
        Project project = projects.create(name, flags.applyTo(ProjectSettings.DEFAULT), now);
        projects.addMember(project.id(), caller.userId(), now);
        adoptAsCurrent(caller.userId(), project);
        return project;
    }

    public Project update(Project project, ProjectChanges changes) {
        Project changed = project.renamed(changes.name().orElse(project.name()))
                .withSettings(changes.applyTo(project.settings()));
        projects.update(changed);
        return changed;
    }

    public List<Membership> members(Project project) {
        return projects.members(project.id());
    }

    public Joined addMember(Project project, long userId) {
        User user = userId < 1 ? null : users.find(new UserId(userId)).orElse(null);
        if (user == null) {
            throw new InvalidValueException("user_id", "User not found.");
        }
        Optional<Membership> existing = projects.membership(project.id(), user.id());
        if (existing.isPresent()) {
            return new Joined(existing.get(), false);
        }
        Membership membership = projects.addMember(project.id(), user.id(), Timestamps.now(clock));
        adoptAsCurrent(user.id(), project);
        return new Joined(membership, true);
    }

    public void removeMember(Project project, String userId) {
        Long id = parseId(userId);
        if (id == null || !projects.removeMember(project.id(), new UserId(id))) {
            throw NotFound.addressed();
        }
    }

    private void adoptAsCurrent(UserId userId, Project project) {
        users.find(userId).filter(user -> user.currentProject() == null)
                .ifPresent(user -> users.update(user.withCurrentProject(project.id())));
    }

    private static Long parseId(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long value = Long.parseLong(text);
        return value < 1 ? null : value;
    }
}
