package dev.tasks.domain.artifact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A run's manifest (docs/artifacts.md#the-manifest): its artifacts, oldest first. Lookups compare {@code id} and
 * {@code storage_path} exactly, so a path is found only when it is literally one the manifest names;
 * an entry without one is never found by it.
 */
public record Manifest(List<ArtifactEntry> entries) {

    public static final Manifest EMPTY = new Manifest(List.of());

    public Manifest {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The entry whose {@code storage_path} is {@code path}. */
    public Optional<ArtifactEntry> byStoragePath(StoragePath path) {
        return entries.stream().filter(entry -> path.equals(entry.storagePath())).findFirst();
    }

    /** The entry with this {@code id} or this {@code storage_path} (a finalize that was already done). */
    public Optional<ArtifactEntry> byIdOrStoragePath(String id, StoragePath path) {
        return entries.stream()
                .filter(entry -> id.equals(entry.id()) || path.equals(entry.storagePath()))
                .findFirst();
    }

    /** The entry with this id, if the manifest has one. */
    public Optional<ArtifactEntry> byId(String id) {
        return entries.stream().filter(entry -> id.equals(entry.id())).findFirst();
    }

    /** Those of {@code ids} that no entry has, in the order given. */
    public List<String> missingIds(List<String> ids) {
        return ids.stream().filter(id -> byId(id).isEmpty()).toList();
    }

    /** The entries whose ids are among {@code ids}, in manifest order. */
    public List<ArtifactEntry> withIds(Collection<?> ids) {
        return entries.stream().filter(entry -> ids.contains(entry.id())).toList();
    }

    /** Every object the manifest names. */
    public List<StoragePath> paths() {
        return entries.stream().map(ArtifactEntry::storagePath).filter(Objects::nonNull).toList();
    }

    /** This manifest with {@code added} at the end; an existing entry with the id of a new one is replaced. */
    public Manifest with(List<ArtifactEntry> added) {
        Set<String> ids = new HashSet<>();
        added.forEach(entry -> ids.add(entry.id()));
        List<ArtifactEntry> result = new ArrayList<>(entries.size() + added.size());
        entries.stream().filter(entry -> !ids.contains(entry.id())).forEach(result::add);
        result.addAll(added);
        return new Manifest(result);
    }
}
