package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.artifact.ArtifactKeys;
import dev.tasks.domain.artifact.ArtifactLifetime;
import dev.tasks.domain.artifact.ArtifactStore;
import dev.tasks.domain.artifact.ContentTypes;
import dev.tasks.domain.artifact.Manifest;
import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.run.ResumeChain;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.domain.task.TaskAccess;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.artifacts.ArtifactRequest.Finalize;
import dev.tasks.web.artifacts.ArtifactRequest.Inline;
import dev.tasks.web.artifacts.ArtifactRequest.Prepare;
import dev.tasks.web.runs.RunLookup;
import dev.tasks.web.runs.RunUpdates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The artifacts of a run (docs/artifacts.md). Requests are validated in full before this service is
 * called; it finds the task and run, talks to the object store outside any transaction, and changes
 * the manifest in one short transaction ({@link RunUpdates#addArtifacts}). Every store failure,
 * timeout or open circuit becomes the documented answer for that step (docs/artifacts.md#when-the-object-store-fails).
 */
@ApplicationScoped
public class ArtifactService {

    private static final Logger LOG = Logger.getLogger(ArtifactService.class.getName());

    @Inject
    RunLookup lookup;

    @Inject
    RunUpdates updates;

    @Inject
    ArtifactStore store;

    @Inject
    ArtifactObjects objects;

    @Inject
    Clock clock;

    /** A finalized upload's object, ready to be streamed, with the manifest entry that names it. */
    public record Download(ArtifactEntry entry, ArtifactStore.Content content) {
    }

    /** A finalized entry, with a presigned GET {@code url} when one could be made (else null). */
    public record Finalized(ArtifactEntry entry, String url) {
    }

    /**
     * Inline upload (docs/artifacts.md#inline-upload): the objects are written, then listed; the response is the whole
     * manifest.
     */
    public Manifest upload(Project project, Caller caller, TaskId taskId, RunId runId, List<Inline> items) {
        Run run = lookup.run(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        Instant now = now();
        List<ArtifactEntry> entries = new ArrayList<>(items.size());
        List<StoragePath> written = new ArrayList<>(items.size());
        try {
            for (Inline item : items) {
                String id = ArtifactKeys.newId();
                StoragePath key = keys.runArtifact(project.id(), run.task(), run.id(), id, item.described().name());
                store.put(key, item.bytes(), item.described().contentType());
                written.add(key);
                entries.add(ArtifactObjects.entry(id, item.described(), item.bytes().length, item.described().contentType(), key,
                        now, caller, false));
            }
        } catch (ArtifactStore.Unavailable e) {
            objects.deleteQuietly(written); // the failure itself is logged where it is answered (500)
            throw e;
        }
        Run saved;
        try {
            saved = updates.addArtifacts(run, entries, now);
        } catch (RuntimeException e) {
            objects.deleteQuietly(written);
            throw e;
        }
        objects.tagQuietly(written, ArtifactLifetime.RUN, project);
        return saved.artifacts();
    }

    /**
     * {@code prepare_upload/} of a run (docs/artifacts.md#preparing-an-upload): one presigned POST per item; nothing is
     * stored.
     */
    public List<PreparedUpload> prepare(Project project, Caller caller, TaskId taskId, RunId runId,
                                        List<Prepare> items) {
        Run run = lookup.run(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        return objects.prepare(items, (id, item) -> keys.runArtifact(project.id(), run.task(), run.id(), id,
                item.described().name()));
    }

    /**
     * {@code finalize_upload/} of a run (docs/artifacts.md#finalizing-an-upload): all items are checked in order before
     * anything is saved or tagged; entries already in the manifest are returned as they are. The response
     * holds this request's entries, each with a presigned GET {@code url} when one can be made.
     */
    public List<Finalized> finalizeUploads(Project project, Caller caller, TaskId taskId, RunId runId,
                                           List<Finalize> items) {
        Run run = lookup.run(project, caller, taskId, runId, TaskAccess.RUN_CONTROL);
        ArtifactKeys keys = store.keys();
        Manifest manifest = run.artifacts();
        Instant now = now();
        List<ArtifactEntry> response = new ArrayList<>(items.size());
        List<ArtifactEntry> added = new ArrayList<>();
        for (Finalize item : items) {
            if (!keys.isRunArtifact(project.id(), run.task(), run.id(), item.id(), item.storagePath())) {
                throw new InvalidValueException(null, "Artifact storage path is invalid for this run");
            }
            Optional<ArtifactEntry> existing = manifest.byIdOrStoragePath(item.id(), item.storagePath());
            if (existing.isPresent()) {
                response.add(existing.get());
                continue;
            }
            ArtifactEntry entry = objects.uploaded(item, now, caller);
            added.add(entry);
            response.add(entry);
        }
        if (!added.isEmpty()) {
            updates.addArtifacts(run, added, now);
            objects.tagQuietly(added.stream().map(ArtifactEntry::storagePath).toList(), ArtifactLifetime.RUN,
                    project);
        }
        List<Finalized> finalized = new ArrayList<>(response.size());
        for (ArtifactEntry entry : response) {
            String url = null;
            try {
                // An entry found by its id may be one stored without a path: it gets no URL.
                url = entry.storagePath() == null ? null : store.presignGet(entry.storagePath(),
                        ArtifactObjects.URL_VALIDITY, ContentTypes.isActive(entry.contentType()));
            } catch (ArtifactStore.Unavailable e) {
                LOG.log(Level.FINE, "No download URL for a finalized artifact", LogSafe.throwable(e));
            }
            finalized.add(new Finalized(entry, url));
        }
        return finalized;
    }

    /**
     * {@code download/} (docs/artifacts.md#download): the newest run of the resume chain whose manifest names the path.
     */
    public Download download(Project project, Caller caller, TaskId taskId, RunId runId, StoragePath path) {
        Run run = lookup.run(project, caller, taskId, runId, TaskAccess.RUN_READ);
        ArtifactEntry entry = ResumeChain.newestEntryNaming(path, run, () -> lookup.chain(run))
                .orElseThrow(ArtifactService::notOnThisRun);
        try {
            return new Download(entry, store.open(path));
        } catch (ArtifactStore.NotFound e) {
            throw NotFound.referenced("Artifact content not found");
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "Could not read an artifact", LogSafe.throwable(e));
            throw Unavailable.of("Unable to read artifact");
        }
    }

    /** {@code presign/} (docs/artifacts.md#presigned-downloads): only this run's manifest is searched. */
    public String presign(Project project, Caller caller, TaskId taskId, RunId runId, StoragePath path) {
        Run run = lookup.run(project, caller, taskId, runId, TaskAccess.RUN_READ);
        ArtifactEntry entry = run.artifacts().byStoragePath(path).orElseThrow(ArtifactService::notOnThisRun);
        boolean active = ContentTypes.isActive(entry.contentType());
        try {
            return store.presignGet(path, ArtifactObjects.URL_VALIDITY, active);
        } catch (ArtifactStore.Unavailable e) {
            LOG.log(Level.WARNING, "Could not presign a download", LogSafe.throwable(e));
            throw Unavailable.of("Unable to generate download URL");
        }
    }

    private static NotFound notOnThisRun() {
        return NotFound.referenced("Artifact not found on this run");
    }

    private Instant now() {
        return Timestamps.now(clock);
    }
}
