package dev.tasks.domain.artifact;

import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.Timestamps;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One artifact as a run's manifest describes it (docs/artifacts.md#the-manifest): a JSON object, read through
 * typed accessors. Entries this service writes are made by {@link #create}, with the keys in the
 * documented order and absent values omitted. A stored entry is taken as it is ({@link #fromManifest}):
 * whatever wrote it (an older version, an import, a hand edit) may have left keys out or added
 * others, and it goes back out exactly as stored, nothing dropped and nothing invented; an accessor
 * whose key is missing or of another type answers null (or {@code ""}).
 */
public final class ArtifactEntry {

    private final Map<String, Object> fields;

    private ArtifactEntry(Map<String, ?> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * A new entry.
     *
     * @param metadata the validated skill-bundle metadata, or null
     * @param uploadedByUserId set only on entries a user created through a finalize, else null
     */
    public static ArtifactEntry create(String id, ArtifactName name, ArtifactType type, String source, long size,
                                       String contentType, StoragePath storagePath, Instant uploadedAt,
                                       SkillMetadata metadata, Uploader uploadedBy, UserId uploadedByUserId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", Objects.requireNonNull(id, "id"));
        entry.put("name", name.value());
        entry.put("type", type.wireName());
        entry.put("source", source == null ? "" : source);
        entry.put("size", size);
        entry.put("content_type", contentType == null ? "" : contentType);
        entry.put("storage_path", storagePath.value());
        entry.put("uploaded_at", Timestamps.offsetForm(uploadedAt));
        if (metadata != null) {
            entry.put("metadata", metadata.toMap());
        }
        entry.put("uploaded_by", uploadedBy.wireName());
        if (uploadedByUserId != null) {
            entry.put("uploaded_by_user_id", uploadedByUserId.value());
        }
        return new ArtifactEntry(entry);
    }

    /** A stored entry (plain JSON values), kept as it is. */
    public static ArtifactEntry fromManifest(Map<String, ?> stored) {
        return new ArtifactEntry(stored);
    }

    /** The entry as its JSON object: a copy, keys in their order. */
    public Map<String, Object> toManifest() {
        return new LinkedHashMap<>(fields);
    }

    /** The artifact's id, or null when the entry has none. */
    public String id() {
        return text("id");
    }

    /** The name it is listed and downloaded under, or null. */
    public String name() {
        return text("name");
    }

    /** The declared or stored media type, {@code ""} when none is known. */
    public String contentType() {
        String type = text("content_type");
        return type == null ? "" : type;
    }

    /** The object the entry names, or null when it names none. */
    public StoragePath storagePath() {
        String path = text("storage_path");
        return path == null ? null : new StoragePath(path);
    }

    private String text(String key) {
        return fields.get(key) instanceof String value ? value : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArtifactEntry entry && entry.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
