package dev.tasks.storage.s3;

import dev.tasks.domain.artifact.ArtifactKeys;
import dev.tasks.domain.artifact.ArtifactLifetime;
import dev.tasks.domain.artifact.ArtifactStore;
import dev.tasks.domain.artifact.StoragePath;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.SetBucketLifecycleArgs;
import io.minio.messages.Filter;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.Status;
import io.minio.messages.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;

/**
 * The {@link ArtifactStore} port on an S3-compatible bucket (the embedded S3 server, MinIO or AWS
 * alike). The calls go through {@link MinioObjects}, which bounds them in time and breaks the circuit
 * while the store keeps failing; this adapter sits outside those interceptors and turns their
 * timeouts and open circuits into the port's {@link ArtifactStore.Unavailable}, so callers see the
 * port's failures only. It also owns the bucket's set-up and the readiness probe.
 */
@ApplicationScoped
public class MinioArtifactStore implements ArtifactStore {

    private static final Logger LOG = Logger.getLogger(MinioArtifactStore.class.getName());

    @Inject
    MinioObjects objects;

    @Inject
    MinioClients clients;

    @Inject
    S3Settings settings;

    @Override
    public ArtifactKeys keys() {
        return settings.keys();
    }

    @Override
    public void put(StoragePath key, byte[] bytes, String contentType) {
        guarded(() -> objects.put(key, bytes, contentType));
    }

    @Override
    public Optional<StoredObject> stat(StoragePath key) {
        return guarded(() -> objects.stat(key));
    }

    @Override
    public Content open(StoragePath key) {
        return guarded(() -> objects.open(key));
    }

    @Override
    public void delete(StoragePath key) {
        guarded(() -> objects.delete(key));
    }

    @Override
    public void tag(StoragePath key, ArtifactLifetime lifetime, long projectId) {
        guarded(() -> objects.tag(key, lifetime, projectId));
    }

    @Override
    public String presignGet(StoragePath key, Duration validity, boolean attachment) {
        return guarded(() -> objects.presignGet(key, validity, attachment));
    }

    @Override
    public PresignedPost presignPost(StoragePath key, long maxBytes, String contentType, Duration validity) {
        return guarded(() -> objects.presignPost(key, maxBytes, contentType, validity));
    }

    /** Creates the bucket when it is missing; called at start-up. */
    public void ensureBucket() throws Exception {
        var client = clients.store();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).region(settings.region()).build());
            LOG.info(() -> "Created bucket " + settings.bucket());
        }
    }

    /**
     * Installs the expiry rules (docs/artifacts.md#object-lifetimes): an object tagged {@code ttl_days=n} goes
     * n days after it was written, for each {@link ArtifactLifetime}. A store that refuses lifecycle
     * configuration keeps its objects; that is logged, not fatal.
     */
    public void installLifecycle() {
        List<LifecycleConfiguration.Rule> rules = Arrays.stream(ArtifactLifetime.values())
                .map(lifetime -> expiry(lifetime.days())).toList();
        try {
            clients.store().setBucketLifecycle(SetBucketLifecycleArgs.builder().bucket(settings.bucket())
                    .config(new LifecycleConfiguration(rules)).build());
        } catch (Exception e) {
            LOG.warning("The object store refused the expiry rules, so artifacts will not expire: " + e.getMessage());
        }
    }

    private static LifecycleConfiguration.Rule expiry(int days) {
        return new LifecycleConfiguration.Rule(Status.ENABLED, null,
                new LifecycleConfiguration.Expiration((ZonedDateTime) null, days, null, null),
                new Filter(new Tag("ttl_days", Integer.toString(days))), "ttl-days-" + days, null, null, null);
    }

    /** Whether the store answers and the bucket exists: the readiness check. */
    public boolean bucketReachable() {
        try {
            return clients.store().bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build());
        } catch (Exception e) {
            return false;
        }
    }

    private static void guarded(Runnable call) {
        guarded(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (FaultToleranceException e) {
            throw new Unavailable("The object store did not answer in time or keeps failing: " + e.getMessage(), e);
        }
    }
}
