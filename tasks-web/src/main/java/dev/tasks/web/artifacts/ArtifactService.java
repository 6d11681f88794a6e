package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.ArtifactKeys;
import dev.tasks.domain.artifact.ArtifactStore;
import dev.tasks.domain.artifact.ContentTypes;
import dev.tasks.domain.artifact.ArtifactStore.PresignedPost;
import dev.tasks.domain.artifact.ArtifactStore.StoredObject;
import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.artifact.SizeLimit;
import dev.tasks.domain.artifact.Uploader;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Task;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.web.artifacts.ArtifactRequest.Described;
import dev.tasks.web.artifacts.ArtifactRequest.Finalize;
import dev.tasks.web.artifacts.ArtifactRequest.Inline;
import dev.tasks.web.artifacts.ArtifactRequest.Prepare;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.runs.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The artifact use cases (artifacts.md §2, §3). Requests are validated in full before this service
 * is called; it finds the task and run, talks to the object store outside any transaction, and
 * changes the manifest or the staged records in one short transaction ({@link ManifestWriter}).
 * Every store failure, timeout or open circuit becomes the spec's answer for that step (§4).
 */
@ApplicationScoped
public class ArtifactService {

    static final Duration URL_VALIDITY = Duration.ofHours(1);
    /** A presigned POST accepts this much more than the announced size (§2.2). */
    static final long POST_SLACK_BYTES = 65_536;
    static final Duration STAGED_LIFETIME = Duration.ofHours(24);
    static final int RUN_TTL_DAYS = 30;
    static final int STAGED_TTL_DAYS = 1;

    private static final Logger LOG = Logger.getLogger(ArtifactService.class.getName());

    private final AtomicBoolean tagRefusalLogged = new AtomicBoolean();

    @Inject
    RunService runs;

    @Inject
    ArtifactStore store;

    @Inject
    ManifestWriter writer;

    @Inject
    Clock clock;

    /** A finalized upload's object, ready to be streamed, with the manifest entry that names it. */
    public record Download(Map<String, Object> entry, ArtifactStore.Content content) {
    }

    /** Inline upload (§2.1): the objects are written, then listed; the response is the whole manifest. */
    public List<Map<String, Object>> upload(Project project, Caller caller, String taskId, String runId,
                                            List<Inline> items) {
        Run run = runs.get(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        Instant now = now();
        List<ArtifactEntry> entries = new ArrayList<>(items.size());
        List<String> written = new ArrayList<>(items.size());
        try {
            for (Inline item : items) {
                String id = ArtifactKeys.newId();
                String key = keys.runArtifact(project.id(), run.task(), run.id(), id, item.described().name());
                store.put(key, item.bytes(), item.described().contentType());
                written.add(key);
                entries.add(entry(id, item.described(), item.bytes().length, item.described().contentType(), key,
                        now, caller, false));
            }
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "An inline artifact upload failed; its objects are removed",
                    LogSafe.throwable(e));
            deleteQuietly(written);
            throw ApiException.serverError();
        }
        Run saved;
        try {
            saved = writer.append(run, entries, now);
        } catch (RuntimeException e) {
            deleteQuietly(written);
            throw e;
        }
        tagQuietly(written, RUN_TTL_DAYS, project);
        return saved.artifacts();
    }

    /** {@code prepare_upload/} of a run (§2.2): one presigned POST per item; nothing is stored. */
    public List<Map<String, Object>> prepare(Project project, Caller caller, String taskId, String runId,
                                             List<Prepare> items) {
        Run run = runs.get(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        return prepared(items, (id, item) -> keys.runArtifact(project.id(), run.task(), run.id(), id,
                item.described().name()));
    }

    /** {@code staged_artifacts/prepare_upload/} of a task (§3.1). */
    public List<Map<String, Object>> prepareStaged(Project project, Caller caller, String taskId,
                                                   List<Prepare> items) {
        Task task = runs.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        return prepared(items, (id, item) -> keys.staged(project.id(), task.id(), id, item.described().name()));
    }

    private List<Map<String, Object>> prepared(List<Prepare> items,
                                               BiFunction<String, Prepare, String> keyOf) {
        List<Map<String, Object>> result = new ArrayList<>(items.size());
        for (Prepare item : items) {
            String id = ArtifactKeys.newId();
            String key = keyOf.apply(id, item);
            PresignedPost post;
            try {
                post = store.presignPost(key, item.size() + POST_SLACK_BYTES,
                        ContentTypes.forUpload(item.described().contentType()), URL_VALIDITY);
            } catch (ArtifactStore.Unavailable e) {
                LOG.log(Level.WARNING, "Could not presign an upload", LogSafe.throwable(e));
                throw ApiException.error(400, "Unable to generate upload URL");
            }
            Described described = item.described();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("name", described.name().value());
            view.put("type", described.type().wireName());
            view.put("source", described.source());
            view.put("size", item.size());
            view.put("content_type", described.contentType());
            if (described.metadata() != null) {
                view.put("metadata", described.metadata().toMap());
            }
            view.put("storage_path", key);
            view.put("expires_in", URL_VALIDITY.toSeconds());
            view.put("presigned_post", Map.of("url", post.url(), "fields", post.fields()));
            result.add(view);
        }
        return result;
    }

    /**
     * {@code finalize_upload/} of a run (§2.3): all items are checked in order before anything is
     * saved or tagged; entries already in the manifest are returned as they are. The response
     * holds this request's entries, each with a presigned GET {@code url} when one can be made.
     */
    public List<Map<String, Object>> finalizeUploads(Project project, Caller caller, String taskId, String runId,
                                                     List<Finalize> items) {
        Run run = runs.get(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        Manifest manifest = new Manifest(run.artifacts());
        Instant now = now();
        List<Map<String, Object>> response = new ArrayList<>(items.size());
        List<ArtifactEntry> added = new ArrayList<>();
        for (Finalize item : items) {
            if (!keys.isRunArtifact(project.id(), run.task(), run.id(), item.id(), item.storagePath())) {
                throw ApiException.error(400, "Artifact storage path is invalid for this run");
            }
            Optional<Map<String, Object>> existing = manifest.byIdOrStoragePath(item.id(), item.storagePath());
            if (existing.isPresent()) {
                response.add(new LinkedHashMap<>(existing.get()));
                continue;
            }
            ArtifactEntry entry = uploaded(item, now, caller);
            added.add(entry);
            response.add(entry.toManifest());
        }
        if (!added.isEmpty()) {
            writer.append(run, added, now);
            tagQuietly(added.stream().map(ArtifactEntry::storagePath).toList(), RUN_TTL_DAYS, project);
        }
        for (Map<String, Object> entry : response) {
            try {
                String path = String.valueOf(entry.get("storage_path"));
                boolean active = ContentTypes.isActive(String.valueOf(entry.get("content_type")));
                entry.put("url", store.presignGet(path, URL_VALIDITY, active));
            } catch (ArtifactStore.Unavailable e) {
                LOG.log(Level.FINE, "No download URL for a finalized artifact", LogSafe.throwable(e));
            }
        }
        return response;
    }

    /** {@code staged_artifacts/finalize_upload/} of a task (§3.2): staged for 24 hours, tagged {@code ttl_days=1}. */
    public List<Map<String, Object>> finalizeStaged(Project project, Caller caller, String taskId,
                                                    List<Finalize> items) {
        Task task = runs.task(project, caller, taskId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        Instant now = now();
        List<ArtifactEntry> entries = new ArrayList<>(items.size());
        for (Finalize item : items) {
            if (!keys.isStaged(project.id(), task.id(), item.id(), item.storagePath())) {
                throw ApiException.error(400, "Artifact storage path is invalid for this task");
            }
            entries.add(uploaded(item, now, caller));
        }
        writer.stage(project, caller, task, entries, now.plus(STAGED_LIFETIME));
        tagQuietly(entries.stream().map(ArtifactEntry::storagePath).toList(), STAGED_TTL_DAYS, project);
        return entries.stream().map(ArtifactEntry::toManifest).toList();
    }

    /** {@code download/} (§2.4): the newest run of the resume chain whose manifest names the path. */
    public Download download(Project project, Caller caller, String taskId, String runId, String path) {
        Run run = runs.get(project, caller, taskId, runId, TaskAccess.RUN_READ);
        Map<String, Object> entry = new Manifest(run.artifacts()).byStoragePath(path).orElse(null);
        if (entry == null) {
            // Only then read the runs this one was resumed from, newest first.
            List<Run> chain = runs.chain(run);
            for (int i = chain.size() - 2; i >= 0 && entry == null; i--) {
                entry = new Manifest(chain.get(i).artifacts()).byStoragePath(path).orElse(null);
            }
        }
        if (entry == null) {
            throw notOnThisRun();
        }
        try {
            return new Download(entry, store.open(path));
        } catch (ArtifactStore.NotFound e) {
            throw ApiException.error(404, "Artifact content not found");
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "Could not read an artifact", LogSafe.throwable(e));
            throw ApiException.error(400, "Unable to read artifact");
        }
    }

    /** {@code presign/} (§2.5): only this run's manifest is searched. */
    public String presign(Project project, Caller caller, String taskId, String runId, String path) {
        Run run = runs.get(project, caller, taskId, runId, TaskAccess.RUN_READ);
        var entry = new Manifest(run.artifacts()).byStoragePath(path).orElseThrow(ArtifactService::notOnThisRun);
        boolean active = ContentTypes.isActive(String.valueOf(entry.get("content_type")));
        try {
            return store.presignGet(path, URL_VALIDITY, active);
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "Could not presign a download", LogSafe.throwable(e));
            throw ApiException.error(400, "Unable to generate download URL");
        }
    }

    /**
     * After {@code tasks/{id}/run/} committed (tasks.md §6.6 step 12): the staged objects it moved into
     * the new run's manifest are tagged to live as long as run artifacts. Best effort, like every tag.
     */
    public void retagMovedToRun(Project project, Run run) {
        tagQuietly(run.artifacts().stream()
                .map(entry -> entry.get("storage_path"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .toList(), RUN_TTL_DAYS, project);
    }

    /** The {@code staged.purge} job. */
    public void purgeStaged() {
        int deleted = writer.purgeStaged(now());
        if (deleted > 0) {
            LOG.info("Purged " + deleted + " expired staged artifacts");
        }
    }

    /** §2.3 steps 3–7: the object exists, its length is known and within the type's limit. */
    private ArtifactEntry uploaded(Finalize item, Instant now, Caller caller) {
        Optional<StoredObject> stat;
        try {
            stat = store.stat(item.storagePath());
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "Could not stat an upload", LogSafe.throwable(e));
            stat = Optional.empty();
        }
        StoredObject object = stat.orElseThrow(() ->
                ApiException.error(400, "Artifact upload not found in object storage"));
        Described described = item.described();
        String contentType = described.contentType().isEmpty() ? object.contentType() : described.contentType();
        if (object.size() < 0) {
            throw ApiException.error(400, "Artifact upload metadata is unavailable");
        }
        try {
            SizeLimit.of(described.type(), described.requestedName(), contentType)
                    .check(object.size(), described.name().value(), null);
        } catch (InvalidValueException e) {
            throw ApiException.error(400, e.getMessage());
        }
        return entry(item.id(), described, object.size(), contentType, item.storagePath(), now, caller, true);
    }

    private static ArtifactEntry entry(String id, Described described, long size, String contentType, String key,
                                       Instant now, Caller caller, boolean finalized) {
        Uploader uploader = caller.key().isSandboxKey() ? Uploader.AGENT : Uploader.USER;
        UserId userId = finalized && uploader == Uploader.USER ? caller.userId() : null;
        return new ArtifactEntry(id, described.name(), described.type(), described.source(), size, contentType, key,
                now, described.metadata(), uploader, userId);
    }

    /**
     * Tags are best effort (§1.6 rule 4). A store without object tags (the embedded S3Proxy) refuses
     * every call alike, so only the first refusal of this instance is a warning.
     */
    private void tagQuietly(List<String> keys, int ttlDays, Project project) {
        for (String key : keys) {
            try {
                store.tag(key, ttlDays, project.id().value());
            } catch (ArtifactStore.Unavailable e) {
                Level level = tagRefusalLogged.getAndSet(true) ? Level.FINE : Level.WARNING;
                LOG.log(level, "Could not tag " + key + "; it keeps no expiry (logged once as a warning)",
                        LogSafe.throwable(e));
            }
        }
    }

    private void deleteQuietly(List<String> keys) {
        for (String key : keys) {
            try {
                store.delete(key);
            } catch (ArtifactStore.Unavailable e) {
                LOG.log(Level.WARNING, "Could not delete " + key, LogSafe.throwable(e));
            }
        }
    }

    private static ApiException notOnThisRun() {
        return ApiException.error(404, "Artifact not found on this run");
    }

    private Instant now() {
        return Timestamps.now(clock);
    }
}
