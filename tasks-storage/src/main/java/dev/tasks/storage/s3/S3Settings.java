package dev.tasks.storage.s3;

import dev.tasks.domain.artifact.ArtifactKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where the object store is and how to reach it ({@code TASKS_S3_*}). */
@ApplicationScoped
public class S3Settings {

    @Inject
    @ConfigProperty(name = "tasks.s3.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "tasks.s3.public.endpoint")
    Optional<String> publicEndpoint;

    @Inject
    @ConfigProperty(name = "tasks.s3.access.key")
    Optional<String> accessKey;

    @Inject
    @ConfigProperty(name = "tasks.s3.secret.key")
    Optional<String> secretKey;

    @Inject
    @ConfigProperty(name = "tasks.s3.region", defaultValue = "us-east-1")
    String region;

    @Inject
    @ConfigProperty(name = "tasks.s3.bucket", defaultValue = "tasks")
    String bucket;

    @Inject
    @ConfigProperty(name = "tasks.s3.folder", defaultValue = "tasks")
    String folder;

    @Inject
    @ConfigProperty(name = "tasks.s3.timeout.seconds", defaultValue = "30")
    long timeoutSeconds;

    public Optional<String> endpoint() {
        return endpoint.filter(value -> !value.isBlank());
    }

    /** The endpoint presigned URLs point at: reachable by sandboxes and browsers. */
    public Optional<String> publicEndpoint() {
        return publicEndpoint.filter(value -> !value.isBlank()).or(this::endpoint);
    }

    public String accessKey() {
        return accessKey.orElse("");
    }

    public String secretKey() {
        return secretKey.orElse("");
    }

    /** How long a store call may wait for the next bytes (read or write) before it fails. */
    public long timeoutSeconds() {
        return Math.max(1, timeoutSeconds);
    }

    public String region() {
        return region;
    }

    public String bucket() {
        return bucket;
    }

    public String folder() {
        return folder;
    }

    /** The object keys of artifacts, under {@code folder}. */
    public ArtifactKeys keys() {
        return new ArtifactKeys(folder.replaceAll("/+$", ""));
    }
}
