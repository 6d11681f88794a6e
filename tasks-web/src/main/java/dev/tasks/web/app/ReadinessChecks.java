package dev.tasks.web.app;

import dev.tasks.storage.db.Database;
import dev.tasks.storage.s3.MinioArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: the database answers and the artifact bucket exists. The checks only look:
 * an unauthenticated probe never changes anything (the bucket is created by {@link Startup}).
 */
@ApplicationScoped
public class ReadinessChecks {

    @Inject
    Database database;

    @Inject
    MinioArtifactStore artifacts;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> HealthCheckResponse.named("database").status(database.isReachable()).build();
    }

    @Produces
    @Readiness
    HealthCheck objectStore() {
        return () -> HealthCheckResponse.named("object-store").status(artifacts.bucketReachable()).build();
    }

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("application");
    }
}
