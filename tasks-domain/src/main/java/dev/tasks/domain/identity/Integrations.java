package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The integrations port. Secrets are encrypted at rest by the adapter. */
public interface Integrations {

    /** The project's integrations, ascending by id. */
    List<Integration> ofProject(ProjectId project);

    Optional<Integration> find(ProjectId project, long id);

    /** The lowest-id integration of a kind: "the project's GitHub integration". */
    Optional<Integration> first(ProjectId project, IntegrationKind kind);

    Integration add(ProjectId project, IntegrationKind kind, String displayName, Map<String, Object> config,
                    Map<String, Object> secrets, UserId createdBy, Instant now);

    void update(Integration integration);

    /** Deletes it; tasks that referenced it lose the reference. */
    void delete(Integration integration);
}
