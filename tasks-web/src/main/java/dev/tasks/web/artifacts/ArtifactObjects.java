package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.ArtifactKeys;
import dev.tasks.domain.artifact.ArtifactLifetime;
import dev.tasks.domain.artifact.ArtifactStore;
import dev.tasks.domain.artifact.ArtifactStore.PresignedPost;
import dev.tasks.domain.artifact.ArtifactStore.StoredObject;
import dev.tasks.domain.artifact.ContentTypes;
import dev.tasks.domain.artifact.SizeLimit;
import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.domain.artifact.Uploader;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.web.artifacts.ArtifactRequest.Described;
import dev.tasks.web.artifacts.ArtifactRequest.Finalize;
import dev.tasks.web.artifacts.ArtifactRequest.Prepare;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The object-store steps the run and staged artifact endpoints share (docs/artifacts.md, "Presigned uploads" and
 * "Object lifetimes"): presigning uploads, checking a finalized upload against its object, and the best-effort
 * tagging and cleaning up of objects.
 */
@ApplicationScoped
public class ArtifactObjects {

    /** How long presigned URLs stay valid, for uploads and downloads alike. */
    static final Duration URL_VALIDITY = Duration.ofHours(1);
    /** A presigned POST accepts this much more than the announced size (docs/artifacts.md#preparing-an-upload). */
    static final long POST_SLACK_BYTES = 65_536;

    private static final Logger LOG = Logger.getLogger(ArtifactObjects.class.getName());

    private final AtomicBoolean tagRefusalLogged = new AtomicBoolean();

    @Inject
    ArtifactStore store;

    ArtifactKeys keys() {
        return store.keys();
    }

    /** One presigned POST per item under a new id and the key {@code keyOf} gives it; nothing is stored. */
    List<PreparedUpload> prepare(List<Prepare> items, BiFunction<String, Prepare, StoragePath> keyOf) {
        List<PreparedUpload> result = new ArrayList<>(items.size());
        for (Prepare item : items) {
            String id = ArtifactKeys.newId();
            StoragePath key = keyOf.apply(id, item);
            PresignedPost post;
            try {
                post = store.presignPost(key, item.size() + POST_SLACK_BYTES,
                        ContentTypes.forUpload(item.described().contentType()), URL_VALIDITY);
            } catch (ArtifactStore.Unavailable e) {
                LOG.log(Level.WARNING, "Could not presign an upload", LogSafe.throwable(e));
                throw Unavailable.of("Unable to generate upload URL");
            }
            result.add(new PreparedUpload(id, item.described(), item.size(), key, post));
        }
        return result;
    }

    /** docs/artifacts.md#finalizing-an-upload: the object exists, its length is known and within the type's limit. */
    ArtifactEntry uploaded(Finalize item, Instant now, Caller caller) {
        Optional<StoredObject> stat;
        try {
            stat = store.stat(item.storagePath());
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "Could not stat an upload", LogSafe.throwable(e));
            stat = Optional.empty();
        }
        StoredObject object = stat.orElseThrow(() ->
                new InvalidValueException(null, "Artifact upload not found in object storage"));
        Described described = item.described();
        String contentType = described.contentType().isEmpty() ? object.contentType() : described.contentType();
        if (object.size() < 0) {
            throw Unavailable.of("Artifact upload metadata is unavailable");
        }
        SizeLimit.of(described.type(), described.requestedName(), contentType)
                .check(object.size(), described.name().value(), null);
        return entry(item.id(), described, object.size(), contentType, item.storagePath(), now, caller, true);
    }

    /**
     * A new manifest entry: uploaded by the agent when a sandbox key sent it, else by the user, whose
     * id is recorded on finalized uploads.
     */
    static ArtifactEntry entry(String id, Described described, long size, String contentType, StoragePath key,
                               Instant now, Caller caller, boolean finalized) {
        Uploader uploader = caller.key().isSandboxKey() ? Uploader.AGENT : Uploader.USER;
        UserId userId = finalized && uploader == Uploader.USER ? caller.userId() : null;
        return ArtifactEntry.create(id, described.name(), described.type(), described.source(), size, contentType, key,
                now, described.metadata(), uploader, userId);
    }

    /**
     * Tags are best effort (docs/artifacts.md#object-lifetimes). A store without object tags (the embedded S3Proxy)
     * refuses every call alike, so only the first refusal of this instance is a warning.
     */
    void tagQuietly(List<StoragePath> keys, ArtifactLifetime lifetime, Project project) {
        for (StoragePath key : keys) {
            try {
                store.tag(key, lifetime, project.id().value());
            } catch (ArtifactStore.Unavailable e) {
                Level level = tagRefusalLogged.getAndSet(true) ? Level.FINE : Level.WARNING;
                LOG.log(level, "Could not tag " + key + "; it keeps no expiry (logged once as a warning)",
                        LogSafe.throwable(e));
            }
        }
    }

    void deleteQuietly(List<StoragePath> keys) {
        for (StoragePath key : keys) {
            try {
                store.delete(key);
            } catch (ArtifactStore.Unavailable e) {
                LOG.log(Level.WARNING, "Could not delete " + key, LogSafe.throwable(e));
            }
        }
    }
}
