package dev.tasks.integration.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The configured signing keys of connection tokens: {@code TASKS_JWT_PRIVATE_KEY} (the primary) and
 * {@code TASKS_JWT_PRIVATE_KEY_SECONDARY}, PEM text. Without a primary the service generates one.
 */
@ApplicationScoped
public class JwtSettings {

    static final String PRIMARY = "tasks.jwt.private.key";
    static final String SECONDARY = "tasks.jwt.private.key.secondary";

    @Inject
    @ConfigProperty(name = PRIMARY)
    Optional<String> primary;

    @Inject
    @ConfigProperty(name = SECONDARY)
    Optional<String> secondary;

    Optional<String> primary() {
        return primary.filter(pem -> !pem.isBlank());
    }

    Optional<String> secondary() {
        return secondary.filter(pem -> !pem.isBlank());
    }
}
