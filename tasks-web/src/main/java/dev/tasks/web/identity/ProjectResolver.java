package dev.tasks.web.identity;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.Projects;
import dev.tasks.web.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Turns the {@code {project_id}} of a path into a project the caller may use. {@code @current} is
 * the user's current project when it is still accessible with this key, else the lowest-id
 * accessible one (identity.md §2.3).
 */
@ApplicationScoped
public class ProjectResolver {

    @Inject
    Projects projects;

    public Project resolve(String segment, Caller caller) {
        ProjectId id = "@current".equals(segment)
                ? currentProject(caller).orElseThrow(ApiException::notFound)
                : parse(segment).orElseThrow(ApiException::notFound);
        if (!caller.mayUse(id)) {
            throw ApiException.permissionDenied("API key does not have access to the requested project: ID " + id + ".");
        }
        return accessible(id, caller).orElseThrow(ApiException::notFound);
    }

    /** The project {@code @current} stands for, if there is one. */
    public Optional<ProjectId> currentProject(Caller caller) {
        ProjectId stored = caller.user().currentProject();
        if (stored != null && caller.mayUse(stored) && accessible(stored, caller).isPresent()) {
            return Optional.of(stored);
        }
        return projects.lowestAccessible(Projects.Access.of(caller));
    }

    private Optional<Project> accessible(ProjectId id, Caller caller) {
        return projects.find(id).filter(project -> caller.isAdministrator() || projects.isMember(id, caller.userId()));
    }

    /** A positive decimal integer; anything else names no project. */
    static Optional<ProjectId> parse(String segment) {
        if (segment.isEmpty() || segment.length() > 18 || !segment.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long value = Long.parseLong(segment);
        return value < 1 ? Optional.empty() : Optional.of(new ProjectId(value));
    }
}
