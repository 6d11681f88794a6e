package dev.tasks.web.identity;

import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.Users;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.web.identity.IdentityViews.IntegrationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A project's integrations. Secrets go in, never out. */
@ApplicationScoped
@Transactional
public class IntegrationService {

    @Inject
    Integrations integrations;

    @Inject
    Users users;

    @Inject
    Clock clock;

    public record IntegrationChanges(Optional<String> displayName, Optional<Map<String, Object>> config,
                                     Optional<Map<String, Object>> secrets) {
    }

    public List<IntegrationView> list(Project project) {
        return integrations.ofProject(project.id()).stream().map(this::view).toList();
    }

    public IntegrationView get(Project project, String id) {
        return view(find(project, id));
    }

    public IntegrationView create(Caller caller, Project project, IntegrationKind kind, String displayName,
                                  Map<String, Object> config, Map<String, Object> secrets) {
        return view(integrations.add(project.id(), kind, displayName, config, secrets, caller.userId(),
                Timestamps.now(clock)));
    }

    public IntegrationView update(Project project, String id, IntegrationChanges changes) {
        Integration changed = find(project, id).changed(changes.displayName(), changes.config(), changes.secrets());
        integrations.update(changed);
        return view(changed);
    }

    /** The integration's kind, so that a change can be validated against it before it is applied. */
    public IntegrationKind kindOf(Project project, String id) {
        return find(project, id).kind();
    }

    public void delete(Project project, String id) {
        integrations.delete(find(project, id));
    }

    private Integration find(Project project, String id) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw NotFound.addressed();
        }
        return integrations.find(project.id(), Long.parseLong(id)).orElseThrow(NotFound::addressed);
    }

    private IntegrationView view(Integration integration) {
        User creator = integration.createdBy() == null ? null : users.find(integration.createdBy()).orElse(null);
        return IntegrationView.of(integration, creator);
    }
}
