package dev.tasks.web.identity;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.Projects;
import dev.tasks.domain.shared.NotAllowed;
import dev.tasks.domain.shared.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Turns the {@code {project_id}} of a path into a project the caller may use. {@code @current} is
 * the user's current project when it is still accessible with this key, else the lowest-id
 * accessible one (docs/identity.md#the-current-project).
 */
@ApplicationScoped
public class ProjectResolver {

    @Inject
    Projects projects;

    public Project resolve(String segment, Caller caller) {
        if ("@current".equals(segment)) {
            return current(caller).orElseThrow(NotFound::addressed);
        }
        ProjectId id = parse(segment).orElseThrow(NotFound::addressed);
        if (!caller.mayUse(id)) {
            throw NotAllowed.projectOutsideKey(id.value());
        }
        return projects.findAccessible(id, Projects.Access.of(caller)).orElseThrow(NotFound::addressed);
    }

    /**
     * The project of a signed link: links always name the numeric id, and the signature the endpoint
     * checks stands in for membership.
     */
    public Project resolveForSignedLink(String segment) {
        return parse(segment).flatMap(projects::find).orElseThrow(NotFound::addressed);
    }

    /** The project {@code @current} stands for, if there is one. */
    public Optional<Project> current(Caller caller) {
        Projects.Access access = Projects.Access.of(caller);
        ProjectId stored = caller.user().currentProject();
        Optional<Project> project = stored == null ? Optional.empty() : projects.findAccessible(stored, access);
        return project.isPresent() ? project : projects.lowestAccessible(access).flatMap(projects::find);
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
