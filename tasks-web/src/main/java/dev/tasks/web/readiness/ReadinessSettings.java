package dev.tasks.web.readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How long a readiness answer is reused ({@code TASKS_READINESS_CACHE_SECONDS}). */
@ApplicationScoped
public class ReadinessSettings {

    @Inject
    @ConfigProperty(name = "tasks.readiness.cache.seconds", defaultValue = "600")
    long cacheSeconds;

    public Duration cacheTtl() {
        return Duration.ofSeconds(Math.max(0, cacheSeconds));
    }
}
