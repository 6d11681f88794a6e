package floor;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * One readiness check, always up, so that /health/ready answers 200 once the application is deployed
 * (the moment the service's start-up benchmark waits for too).
 */
@Readiness
@ApplicationScoped
public class ReadyCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("floor");
    }
}
