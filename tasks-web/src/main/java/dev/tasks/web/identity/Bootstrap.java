package dev.tasks.web.identity;

import dev.tasks.domain.identity.ApiKeySecret;
import dev.tasks.domain.identity.BootstrapMarker;
import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.PersonalApiKeys;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.identity.Projects;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.identity.Scopes;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.Users;
import dev.tasks.domain.shared.ConfigurationError;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first start of an empty database: project 1, an administrator who belongs to it, and a key
 * with every scope for that administrator (docs/identity.md#the-bootstrap-key). One transaction, guarded by the
 * bootstrap marker, so that of several instances starting together exactly one does it.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

    @Inject
    Users users;

    @Inject
    Projects projects;

    @Inject
    PersonalApiKeys keys;

    @Inject
    BootstrapMarker marker;

    @Inject
    Clock clock;

    @Inject
    SecureRandom random;

    @Inject
    @ConfigProperty(name = "tasks.bootstrap.api.key")
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = "tasks.bootstrap.admin.email", defaultValue = "admin@localhost")
    String adminEmail;

    @Inject
    @ConfigProperty(name = "tasks.bootstrap.project.name", defaultValue = "Default Project")
    String projectName;

    /** Checks the configured key before anything is written, so a bad value fails start-up plainly. */
    public void validateConfiguration() {
        configuredKey.filter(value -> !value.isBlank()).ifPresent(value -> {
            if (!value.startsWith(ApiKeySecret.PREFIX) || value.length() < 24) {
                throw new ConfigurationError("tasks.bootstrap.api.key", "the key must start with phx_ and be at least 24"
                        + " characters long");
            }
        });
    }

    /** Creates the first administrator when no user exists; true when this instance did it. */
    @Transactional
    public boolean runIfEmpty() {
        if (users.anyExist() || !marker.claim()) {
            return false;
        }
        Instant now = Timestamps.now(clock);
        Project project = projects.create(projectName, ProjectSettings.DEFAULT, now);
        User admin = users.create(new Users.NewUser(adminEmail, "", "", true, User.newDistinctId(random),
                UUID.randomUUID(), project.id()), now);
        projects.addMember(project.id(), admin.id(), now);
        Optional<String> configured = configuredKey.filter(value -> !value.isBlank());
        ApiKeySecret secret = configured.map(ApiKeySecret::new).orElseGet(() -> ApiKeySecret.generate(random));
        keys.add(new PersonalApiKey(UUID.randomUUID(), admin.id(), "bootstrap", secret.digest(), secret.mask(),
                Scopes.of(Scope.ALL), List.of(), now, null, null));
        if (configured.isEmpty()) {
            LOG.warning("Bootstrap personal API key (shown once): " + secret.value());
        } else {
            LOG.info("Bootstrapped administrator " + adminEmail + " with the key from TASKS_BOOTSTRAP_API_KEY");
        }
        return true;
    }
}
