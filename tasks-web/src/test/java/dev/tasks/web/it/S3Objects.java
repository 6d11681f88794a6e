package dev.tasks.web.it;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;

/** Objects the tests write and read on the S3 server directly (past the recorder): fixtures and checks. */
final class S3Objects {

    static final String BUCKET = "tasks";
    private static MinioClient client;

    private S3Objects() {
    }

    private static synchronized MinioClient client() {
        if (client == null) {
            client = MinioClient.builder().endpoint(TestEnvironment.get().s3UpstreamEndpoint().toString())
                    .region("us-east-1")
                    .credentials(TestEnvironment.S3_ACCESS_KEY, TestEnvironment.S3_SECRET_KEY).build();
        }
        return client;
    }

    static void put(String key, byte[] bytes, String contentType) {
        try {
            client().putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).data(bytes, bytes.length)
                    .contentType(contentType).build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot put " + key, e);
        }
    }

    static byte[] get(String key) {
        try (var in = client().getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot get " + key, e);
        }
    }

    static String contentType(String key) {
        try {
            return client().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build()).contentType();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stat " + key, e);
        }
    }

    static boolean exists(String key) {
        try {
            client().statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stat " + key, e);
        }
    }

    static void delete(String key) {
        try {
            client().removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot delete " + key, e);
        }
    }
}
