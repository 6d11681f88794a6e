package dev.tasks.domain.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Manifest entries (docs/artifacts.md#the-manifest) and which paths a finalize accepts (docs/artifacts.md, "Finalizing
 * an upload" and "Staged artifacts").
 */
class ManifestTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00.123456Z");
    private static final ArtifactKeys KEYS = new ArtifactKeys("tasks");
    private static final ProjectId PROJECT = new ProjectId(7);
    private static final TaskId TASK = new TaskId(UUID.fromString("11111111-2222-3333-4444-555555555555"));
    private static final RunId RUN = new RunId(UUID.fromString("66666666-7777-8888-9999-000000000000"));
    private static final String PREFIX = KEYS.runPrefix(PROJECT, TASK, RUN);

    private static ArtifactEntry entry(String id, String path) {
        return ArtifactEntry.create(id, ArtifactName.safe("plan.md"), ArtifactType.PLAN, null, 6, null, path(path), NOW,
                null, Uploader.USER, null);
    }

    private static StoragePath path(String value) {
        return new StoragePath(value);
    }

    @Test
    void entriesKeepTheSpecsKeyOrderAndOmitWhatIsAbsent() {
        var metadata = new SkillMetadata("s", "user", "a".repeat(64), "zip", 1);
        var full = ArtifactEntry.create("id1", ArtifactName.safe("s.zip"), ArtifactType.SKILL_BUNDLE, "user_attachment",
                3, "application/zip", path("k"), NOW, metadata, Uploader.USER, new UserId(5));
        assertEquals(List.of("id", "name", "type", "source", "size", "content_type", "storage_path", "uploaded_at",
                "metadata", "uploaded_by", "uploaded_by_user_id"), List.copyOf(full.toManifest().keySet()));
        assertEquals("2026-01-01T12:00:00.123456+00:00", full.toManifest().get("uploaded_at"));
        assertEquals(List.of("skill_name", "skill_source", "content_sha256", "bundle_format", "schema_version"),
                List.copyOf(((Map<?, ?>) full.toManifest().get("metadata")).keySet()));
        Map<String, Object> bare = entry("id2", "k2").toManifest();
        assertEquals("", bare.get("source"));
        assertEquals("", bare.get("content_type"));
        assertFalse(bare.containsKey("metadata") || bare.containsKey("uploaded_by_user_id"), bare.toString());
        assertEquals("user", bare.get("uploaded_by"));
    }

    @Test
    void skillMetadataRefusesWhatItsRulesRefuse() {
        assertThrows(IllegalArgumentException.class, () -> new SkillMetadata(" ", "user", "a".repeat(64), "zip", 1));
        assertThrows(IllegalArgumentException.class, () -> new SkillMetadata("s", "web", "a".repeat(64), "zip", 1));
        assertThrows(IllegalArgumentException.class, () -> new SkillMetadata("s", "user", "A".repeat(64), "zip", 1));
        assertThrows(IllegalArgumentException.class, () -> new SkillMetadata("s", "user", "a".repeat(64), "tar", 1));
        assertThrows(IllegalArgumentException.class, () -> new SkillMetadata("s", "user", "a".repeat(64), "zip", 0));
    }

    @Test
    void storedEntriesGoBackOutExactlyAsStored() {
        var metadata = new SkillMetadata("s", "user", "a".repeat(64), "zip", 1);
        var full = ArtifactEntry.create("id1", ArtifactName.safe("s.zip"), ArtifactType.SKILL_BUNDLE, "user_attachment",
                3, "application/zip", path("k"), NOW, metadata, Uploader.USER, new UserId(5));
        assertEquals(full, ArtifactEntry.fromManifest(full.toManifest()));

        Map<String, Object> stored = new LinkedHashMap<>(entry("id2", "k2").toManifest());
        stored.put("checksum", Map.of("sha1", "abc"));
        stored.put("metadata", Map.of("skill_name", "not enough fields"));
        assertEquals(stored, ArtifactEntry.fromManifest(stored).toManifest(), "nothing is lost on the way back out");
    }

    @Test
    void aPartialStoredEntryIsKeptAndReadWhereItCanBe() {
        Map<String, Object> legacy = Map.of("name", "legacy", "storage_path", "old/path", "size", "12");
        ArtifactEntry entry = ArtifactEntry.fromManifest(legacy);
        assertEquals(legacy, entry.toManifest(), "no key is invented");
        assertEquals(null, entry.id());
        assertEquals("legacy", entry.name());
        assertEquals("", entry.contentType());
        assertEquals(path("old/path"), entry.storagePath());
        Manifest manifest = new Manifest(List.of(entry, ArtifactEntry.fromManifest(Map.of("id", "x"))));
        assertTrue(manifest.byStoragePath(path("old/path")).isPresent());
        assertEquals(List.of(path("old/path")), manifest.paths(), "an entry without a path names no object");
        assertEquals(3, manifest.with(List.of(entry("y", "ky"))).entries().size(),
                "entries without an id are never replaced");
    }

    @Test
    void appendingKeepsOrderAndReplacesAnEntryOfTheSameId() {
        Manifest manifest = new Manifest(List.of(entry("x", "kx"), entry("y", "ky")));
        Manifest next = manifest.with(List.of(entry("z", "kz"), entry("x", "kx2")));
        assertEquals(List.of("y", "z", "x"), next.entries().stream().map(ArtifactEntry::id).toList());
        assertEquals(List.of(path("ky"), path("kz"), path("kx2")), next.paths());
        assertEquals(List.of("y", "x"), next.withIds(List.of("x", "y", "w")).stream().map(ArtifactEntry::id).toList());
    }

    @Test
    void lookupsCompareExactly() {
        Manifest manifest = new Manifest(List.of(entry("x", PREFIX + "/x_plan.md"), entry("o", "old/path")));
        assertTrue(manifest.byStoragePath(path("old/path")).isPresent());
        assertTrue(manifest.byStoragePath(path(PREFIX + "/./x_plan.md")).isEmpty());
        assertTrue(manifest.byStoragePath(path(PREFIX + "/x_plan.md ")).isEmpty());
        assertTrue(manifest.byIdOrStoragePath("x", path("other")).isPresent());
        assertTrue(manifest.byIdOrStoragePath("other", path(PREFIX + "/x_plan.md")).isPresent());
        assertTrue(manifest.byIdOrStoragePath("other", path("other")).isEmpty());
    }

    @Test
    void aRunAcceptsOnlyItsOwnKeyShape() {
        String id = "0123abcd9999aaaabbbbccccddddeeee";
        assertTrue(KEYS.isRunArtifact(PROJECT, TASK, RUN, id, path(PREFIX + "/0123abcd_spec.pdf")));
        assertTrue(KEYS.isRunArtifact(PROJECT, TASK, RUN, "ab", path(PREFIX + "/ab_x")), "short ids are used whole");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/wrong-prefix_spec.pdf", "/../run_x/0123abcd_x", "/0123abcd_x/../../y", "//0123abcd_x",
            "/./0123abcd_x", "/0123abcd_x/..", "_evil/0123abcd_x", "/0123abcd_a\nb", "/0123abcd_x/y", ""})
    void aRunRefusesEveryOtherPath(String suffix) {
        assertFalse(KEYS.isRunArtifact(PROJECT, TASK, RUN, "0123abcd9999", path(PREFIX + suffix)), suffix);
    }

    @Test
    void stagedPathsNameTheTaskTheIdAndOneFile() {
        String staged = "tasks/artifacts/team_7/task_11111111-2222-3333-4444-555555555555/staged/";
        assertTrue(KEYS.isStaged(PROJECT, TASK, "a1", path(staged + "a1/spec.pdf")));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "a1", path(staged + "a2/spec.pdf")));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "a1", path(staged + "a1/../a2/spec.pdf")));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "a1", path(staged + "a1/..")));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "..", path(staged + "../x")));
        assertFalse(KEYS.isStaged(PROJECT, new TaskId(UUID.randomUUID()), "a1", path(staged + "a1/spec.pdf")));
    }

    @Test
    void plainKeysNameOnlyThemselves() {
        assertTrue(path("tasks/a/b_c.md").isPlain());
        assertTrue(path("tasks/a/%2e%2e").isPlain(), "percent signs are literal in keys");
        for (String key : List.of("", "a//b", "a/./b", "a/../b", "../a", "a/", "/a", "a/\u0000b", "a/b\u007f")) {
            assertFalse(path(key).isPlain(), key);
        }
        assertEquals(32, ArtifactKeys.newId().length());
        assertTrue(ArtifactKeys.newId().matches("[0-9a-f]{32}"));
    }

    @Test
    void idsAreLookedUpAndTheMissingOnesListedInTheOrderAsked() {
        ArtifactEntry a1 = ArtifactEntry.fromManifest(Map.of("id", "a1", "name", "a1.txt"));
        ArtifactEntry a2 = ArtifactEntry.fromManifest(Map.of("id", "a2", "name", "a2.txt"));
        Manifest manifest = new Manifest(List.of(a1, a2));
        assertEquals(a2, manifest.byId("a2").orElseThrow());
        assertTrue(manifest.byId("a3").isEmpty());
        assertEquals(List.of("z", "a3"), manifest.missingIds(List.of("z", "a2", "a3", "a1")));
        assertEquals(List.of(), manifest.missingIds(List.of("a1")));
    }
}
