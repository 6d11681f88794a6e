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

/** {@code /health/ready}: the database answers and the artifact bucket exists. */
@ApplicationScoped
public class ReadinessChecks {

    @Inject
    Database database;

    @Inject
    MinioArtifactStore artifacts;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> {
            return HealthCheckResponse.named("database").status(database.isReachable()).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck objectStore() {
        return () -> {
            boolean up = artifacts.bucketReachable();
            if (!up) {
                try {
                    artifacts.ensureBucket();
                    up = artifacts.bucketReachable();
                } catch (Exception e) {
                    up = false;
                }
            }
            return HealthCheckResponse.named("object-store").status(up).build();
        };
    }

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("application");
    }
}
