package dev.tasks.domain.artifact;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One artifact as the manifest describes it (artifacts.md §1.7). The manifest is stored and
 * returned as JSON objects, so an entry is written once, by {@link #toManifest()}, with the keys in
 * the spec's order and absent values omitted.
 *
 * @param metadata the validated skill-bundle metadata, or null
 * @param uploadedByUserId set only on entries a user created through a finalize
 */
public record ArtifactEntry(String id, ArtifactName name, ArtifactType type, String source, long size,
                            String contentType, String storagePath, Instant uploadedAt, SkillMetadata metadata,
                            Uploader uploadedBy, UserId uploadedByUserId) {

    public ArtifactEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(storagePath, "storagePath");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        Objects.requireNonNull(uploadedBy, "uploadedBy");
        source = source == null ? "" : source;
        contentType = contentType == null ? "" : contentType;
    }

    /** The manifest form: keys in the spec's order, {@code uploaded_at} in the offset form. */
    public Map<String, Object> toManifest() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("name", name.value());
        entry.put("type", type.wireName());
        entry.put("source", source);
        entry.put("size", size);
        entry.put("content_type", contentType);
        entry.put("storage_path", storagePath);
        entry.put("uploaded_at", Timestamps.offsetForm(uploadedAt));
        if (metadata != null) {
            entry.put("metadata", metadata.toMap());
        }
        entry.put("uploaded_by", uploadedBy.wireName());
        if (uploadedByUserId != null) {
            entry.put("uploaded_by_user_id", uploadedByUserId.value());
        }
        return entry;
    }
}
