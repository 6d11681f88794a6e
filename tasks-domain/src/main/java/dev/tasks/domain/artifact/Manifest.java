package dev.tasks.domain.artifact;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's manifest (artifacts.md §1.7): the JSON objects of its artifacts, oldest first. Entries are
 * kept as stored, whatever keys they hold; lookups compare {@code id} and {@code storage_path}
 * exactly, so a path is found only when it is literally one the manifest names.
 */
public record Manifest(List<Map<String, Object>> entries) {

    public Manifest {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The entry whose {@code storage_path} equals {@code path}. */
    public Optional<Map<String, Object>> byStoragePath(String path) {
        return entries.stream().filter(entry -> path.equals(entry.get("storage_path"))).findFirst();
    }

    /** The entry with this {@code id} or this {@code storage_path} (a finalize that was already done). */
    public Optional<Map<String, Object>> byIdOrStoragePath(String id, String path) {
        return entries.stream()
                .filter(entry -> id.equals(entry.get("id")) || path.equals(entry.get("storage_path")))
                .findFirst();
    }

    public Optional<Map<String, Object>> byId(String id) {
        return entries.stream().filter(entry -> id.equals(entry.get("id"))).findFirst();
    }

    /** This manifest with {@code added} at the end; an existing entry with the id of a new one is replaced. */
    public Manifest with(List<ArtifactEntry> added) {
        Set<String> ids = new HashSet<>();
        added.forEach(entry -> ids.add(entry.id()));
        List<Map<String, Object>> result = new ArrayList<>(entries.size() + added.size());
        entries.stream().filter(entry -> !ids.contains(String.valueOf(entry.get("id")))).forEach(result::add);
        added.forEach(entry -> result.add(entry.toManifest()));
        return new Manifest(result);
    }

    /** This manifest with manifest entries (staged ones handed to a run) at the end. */
    public Manifest withEntries(List<Map<String, Object>> added) {
        List<Map<String, Object>> result = new ArrayList<>(entries);
        result.addAll(added);
        return new Manifest(result);
    }
}
