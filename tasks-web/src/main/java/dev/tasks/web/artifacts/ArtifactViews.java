package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.web.artifacts.ArtifactRequest.Described;
import dev.tasks.web.artifacts.ArtifactService.Finalized;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the artifact endpoints (docs/artifacts.md), built from the service's results. */
final class ArtifactViews {

    private ArtifactViews() {
    }

    /** {@code {"artifacts": [...]}}: the shape every artifact endpoint answers with. */
    static Map<String, Object> listed(List<Map<String, Object>> items) {
        return Map.of(ArtifactRequest.LIST, items);
    }

    static List<Map<String, Object>> entries(List<ArtifactEntry> entries) {
        return entries.stream().map(ArtifactEntry::toManifest).toList();
    }

    /** A finalized entry as stored, with its download {@code url} when there is one. */
    static List<Map<String, Object>> finalized(List<Finalized> items) {
        return items.stream().map(item -> {
            Map<String, Object> view = new LinkedHashMap<>(item.entry().toManifest());
            if (item.url() != null) {
                view.put("url", item.url());
            }
            return view;
        }).toList();
    }

    /**
     * What a client needs to upload one prepared item (docs/artifacts.md#preparing-an-upload): the entry to be, the
     * POST and its lifetime.
     */
    static List<Map<String, Object>> prepared(List<PreparedUpload> items) {
        return items.stream().map(item -> {
            Described described = item.described();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", item.id());
            view.put("name", described.name().value());
            view.put("type", described.type().wireName());
            view.put("source", described.source());
            view.put("size", item.size());
            view.put("content_type", described.contentType());
            if (described.metadata() != null) {
                view.put("metadata", described.metadata().toMap());
            }
            view.put("storage_path", item.storagePath().value());
            view.put("expires_in", ArtifactObjects.URL_VALIDITY.toSeconds());
            view.put("presigned_post", Map.of("url", item.post().url(), "fields", item.post().fields()));
            return view;
        }).toList();
    }
}
