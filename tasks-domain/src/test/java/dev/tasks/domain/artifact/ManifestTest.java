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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** artifacts.md §1.7 (manifest entries), §2.3 and §3.2 step 1 (which paths a finalize accepts). */
class ManifestTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00.123456Z");
    private static final ArtifactKeys KEYS = new ArtifactKeys("tasks");
    private static final ProjectId PROJECT = new ProjectId(7);
    private static final TaskId TASK = new TaskId(UUID.fromString("11111111-2222-3333-4444-555555555555"));
    private static final RunId RUN = new RunId(UUID.fromString("66666666-7777-8888-9999-000000000000"));
    private static final String PREFIX = KEYS.runPrefix(PROJECT, TASK, RUN);

    private static ArtifactEntry entry(String id, String path) {
        return new ArtifactEntry(id, ArtifactName.safe("plan.md"), ArtifactType.PLAN, null, 6, null, path, NOW, null,
                Uploader.USER, null);
    }

    @Test
    void entriesKeepTheSpecsKeyOrderAndOmitWhatIsAbsent() {
        var metadata = new SkillMetadata("s", "user", "a".repeat(64), "zip", 1);
        var full = new ArtifactEntry("id1", ArtifactName.safe("s.zip"), ArtifactType.SKILL_BUNDLE, "user_attachment",
                3, "application/zip", "k", NOW, metadata, Uploader.USER, new UserId(5));
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
    void appendingKeepsOrderAndReplacesAnEntryOfTheSameId() {
        Manifest manifest = new Manifest(List.of(entry("x", "kx").toManifest(), entry("y", "ky").toManifest()));
        Manifest next = manifest.with(List.of(entry("z", "kz"), entry("x", "kx2")));
        assertEquals(List.of("y", "z", "x"), next.entries().stream().map(e -> e.get("id")).toList());
        assertEquals("kx2", next.byId("x").orElseThrow().get("storage_path"));
        assertEquals(4, next.withEntries(List.of(Map.of("id", "w"))).entries().size());
    }

    @Test
    void lookupsCompareExactly() {
        Manifest manifest = new Manifest(List.of(entry("x", PREFIX + "/x_plan.md").toManifest(),
                Map.of("name", "legacy", "storage_path", "old/path")));
        assertTrue(manifest.byStoragePath("old/path").isPresent());
        assertTrue(manifest.byStoragePath(PREFIX + "/./x_plan.md").isEmpty());
        assertTrue(manifest.byStoragePath(PREFIX + "/x_plan.md ").isEmpty());
        assertTrue(manifest.byIdOrStoragePath("x", "other").isPresent());
        assertTrue(manifest.byIdOrStoragePath("other", PREFIX + "/x_plan.md").isPresent());
        assertTrue(manifest.byIdOrStoragePath("other", "other").isEmpty());
    }

    @Test
    void aRunAcceptsOnlyItsOwnKeyShape() {
        String id = "0123abcd9999aaaabbbbccccddddeeee";
        assertTrue(KEYS.isRunArtifact(PROJECT, TASK, RUN, id, PREFIX + "/0123abcd_spec.pdf"));
        assertTrue(KEYS.isRunArtifact(PROJECT, TASK, RUN, "ab", PREFIX + "/ab_x"), "short ids are used whole");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/wrong-prefix_spec.pdf", "/../run_x/0123abcd_x", "/0123abcd_x/../../y", "//0123abcd_x",
            "/./0123abcd_x", "/0123abcd_x/..", "_evil/0123abcd_x", "/0123abcd_a\nb", "/0123abcd_x/y", ""})
    void aRunRefusesEveryOtherPath(String suffix) {
        assertFalse(KEYS.isRunArtifact(PROJECT, TASK, RUN, "0123abcd9999", PREFIX + suffix), suffix);
    }

    @Test
    void stagedPathsNameTheTaskTheIdAndOneFile() {
        String staged = "tasks/artifacts/team_7/task_11111111-2222-3333-4444-555555555555/staged/";
        assertTrue(KEYS.isStaged(PROJECT, TASK, "a1", staged + "a1/spec.pdf"));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "a1", staged + "a2/spec.pdf"));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "a1", staged + "a1/../a2/spec.pdf"));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "a1", staged + "a1/.."));
        assertFalse(KEYS.isStaged(PROJECT, TASK, "..", staged + "../x"));
        assertFalse(KEYS.isStaged(PROJECT, new TaskId(UUID.randomUUID()), "a1", staged + "a1/spec.pdf"));
    }

    @Test
    void plainKeysNameOnlyThemselves() {
        assertTrue(ArtifactKeys.isPlainKey("tasks/a/b_c.md"));
        assertTrue(ArtifactKeys.isPlainKey("tasks/a/%2e%2e"), "percent signs are literal in keys");
        for (String key : List.of("", "a//b", "a/./b", "a/../b", "../a", "a/", "/a", "a/\u0000b", "a/b\u007f")) {
            assertFalse(ArtifactKeys.isPlainKey(key), key);
        }
        assertEquals(32, ArtifactKeys.newId().length());
        assertTrue(ArtifactKeys.newId().matches("[0-9a-f]{32}"));
    }
}
