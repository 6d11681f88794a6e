package dev.tasks.storage.s3;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Artifact bytes in an S3-compatible bucket, reached through the MinIO Java client. */
@ApplicationScoped
public class MinioArtifactStore {

    private static final Logger LOG = Logger.getLogger(MinioArtifactStore.class.getName());

    @Inject
    MinioClients clients;

    @Inject
    S3Settings settings;

    /** Creates the bucket when it is missing; called at start-up. */
    public void ensureBucket() throws Exception {
        var client = clients.store();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).region(settings.region()).build());
            LOG.info(() -> "Created bucket " + settings.bucket());
        }
    }

    /** Whether the store answers and the bucket exists: the readiness check. */
    public boolean bucketReachable() {
        try {
            return clients.store().bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build());
        } catch (Exception e) {
            return false;
        }
    }
}
