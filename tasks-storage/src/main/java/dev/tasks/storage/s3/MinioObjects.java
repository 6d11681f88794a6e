package dev.tasks.storage.s3;

import dev.tasks.domain.artifact.ArtifactLifetime;
import dev.tasks.domain.artifact.ArtifactStore;
import dev.tasks.domain.artifact.ArtifactStore.Content;
import dev.tasks.domain.artifact.ArtifactStore.NotFound;
import dev.tasks.domain.artifact.ArtifactStore.PresignedPost;
import dev.tasks.domain.artifact.ArtifactStore.StoredObject;
import dev.tasks.domain.artifact.ArtifactStore.Unavailable;
import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.domain.shared.LogSafe;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.PostPolicy;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SetObjectTagsArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The object store's calls through the MinIO Java client, each bounded twice: by the HTTP client's
 * connect and read timeouts, and by a MicroProfile Fault Tolerance {@code @Timeout}; a circuit
 * breaker answers at once while the store keeps failing and lets a trial call through every few
 * seconds, so the service recovers by itself when the store returns. The store's own failures leave
 * as {@link ArtifactStore.Unavailable}; Fault Tolerance's leave as Fault Tolerance exceptions, which
 * {@link MinioArtifactStore} (the port's adapter, outside these interceptors) translates. A missing
 * object is {@link ArtifactStore.NotFound} or an empty stat and does not count as a failure.
 */
@ApplicationScoped
public class MinioObjects {

    private static final Set<String> ABSENT = Set.of("NoSuchKey", "NoSuchObject", "NotFound", "NoSuchVersion");

    @Inject
    MinioClients clients;

    @Inject
    S3Settings settings;

    @Timeout(60_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 3_000)
    public void put(StoragePath key, byte[] bytes, String contentType) {
        requirePlain(key);
        try {
            PutObjectArgs.Builder put = PutObjectArgs.builder().bucket(settings.bucket()).object(key.value())
                    .data(bytes, bytes.length);
            if (contentType != null && !contentType.isEmpty()) {
                put.contentType(contentType);
            }
            clients.store().putObject(put.build());
        } catch (Exception e) {
            throw unavailable("write", key, e);
        }
    }

    @Timeout(15_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 3_000)
    public Optional<StoredObject> stat(StoragePath key) {
        if (!key.isPlain()) {
            return Optional.empty();
        }
        try {
            StatObjectResponse stat = clients.store().statObject(
                    StatObjectArgs.builder().bucket(settings.bucket()).object(key.value()).build());
            String length = stat.headers().get("Content-Length");
            return Optional.of(new StoredObject(length == null ? -1 : stat.size(), stat.contentType()));
        } catch (ErrorResponseException e) {
            if (isAbsent(e)) {
                return Optional.empty();
            }
            throw unavailable("stat", key, e);
        } catch (Exception e) {
            throw unavailable("stat", key, e);
        }
    }

    @Timeout(15_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 3_000, skipOn = NotFound.class)
    public Content open(StoragePath key) {
        if (!key.isPlain()) {
            throw new NotFound(key);
        }
        try {
            GetObjectResponse response = clients.store().getObject(
                    GetObjectArgs.builder().bucket(settings.bucket()).object(key.value()).build());
            String length = response.headers().get("Content-Length");
            return new Content(response, length == null ? -1 : Long.parseLong(length));
        } catch (ErrorResponseException e) {
            if (isAbsent(e)) {
                throw new NotFound(key);
            }
            throw unavailable("read", key, e);
        } catch (Exception e) {
            throw unavailable("read", key, e);
        }
    }

    @Timeout(15_000)
    public void delete(StoragePath key) {
        requirePlain(key);
        try {
            clients.store().removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key.value()).build());
        } catch (Exception e) {
            throw unavailable("delete", key, e);
        }
    }

    @Timeout(15_000)
    public void tag(StoragePath key, ArtifactLifetime lifetime, long projectId) {
        requirePlain(key);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("ttl_days", Integer.toString(lifetime.days()));
        tags.put("team_id", Long.toString(projectId));
        try {
            clients.store().setObjectTags(SetObjectTagsArgs.builder().bucket(settings.bucket()).object(key.value())
                    .tags(tags).build());
        } catch (Exception e) {
            throw unavailable("tag", key, e);
        }
    }

    @Timeout(15_000)
    public String presignGet(StoragePath key, Duration validity, boolean attachment) {
        requirePlain(key);
        try {
            GetPresignedObjectUrlArgs.Builder url = GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET).bucket(settings.bucket()).object(key.value())
                    .expiry((int) validity.toSeconds(), TimeUnit.SECONDS);
            if (attachment) {
                url.extraQueryParams(Map.of("response-content-disposition", "attachment"));
            }
            return clients.signer().getPresignedObjectUrl(url.build());
        } catch (Exception e) {
            throw unavailable("sign a download of", key, e);
        }
    }

    @Timeout(15_000)
    public PresignedPost presignPost(StoragePath key, long maxBytes, String contentType, Duration validity) {
        requirePlain(key);
        try {
            PostPolicy policy = new PostPolicy(settings.bucket(), ZonedDateTime.now().plus(validity));
            policy.addEqualsCondition("key", key.value());
            policy.addEqualsCondition("Content-Type", contentType);
            policy.addContentLengthRangeCondition(0L, maxBytes);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("key", key.value());
            fields.put("Content-Type", contentType);
            // Form field names are case-insensitive to S3; clients expect them lower-case (x-amz-date).
            clients.signer().getPresignedPostFormData(policy)
                    .forEach((name, value) -> fields.put(name.toLowerCase(Locale.ROOT), value));
            return new PresignedPost(settings.publicEndpoint().orElseThrow().replaceAll("/+$", "") + "/"
                    + settings.bucket(), fields);
        } catch (Exception e) {
            throw unavailable("sign an upload to", key, e);
        }
    }

    private static void requirePlain(StoragePath key) {
        if (!key.isPlain()) {
            throw new Unavailable("Refused to send a key that is not plain: " + LogSafe.text(key), null);
        }
    }

    private static boolean isAbsent(ErrorResponseException e) {
        return e.errorResponse() != null && ABSENT.contains(e.errorResponse().code())
                || e.response() != null && e.response().code() == 404;
    }

    private static Unavailable unavailable(String action, StoragePath key, Exception cause) {
        return new Unavailable("Could not " + action + " " + key + ": " + cause.getMessage(), cause);
    }
}
