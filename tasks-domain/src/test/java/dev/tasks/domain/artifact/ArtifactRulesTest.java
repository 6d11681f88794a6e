package dev.tasks.domain.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.task.TaskId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Types, size limits, safe names and keys (docs/artifacts.md, "Artifact types", "Size limits", "Safe names", "Storage
 * keys").
 */
class ArtifactRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../x/y.md|y.md", "dir/|artifact", "  plan.md  |plan.md", "a\\\\b.txt|a\\\\b.txt", "/|artifact",
            "..|..", "x/ |artifact"})
    void safeNames(String requested, String safe) {
        assertEquals(safe, ArtifactName.safe(requested).value());
    }

    @Test
    void typesHaveWireNames() {
        assertEquals(ArtifactType.TREE_SNAPSHOT, ArtifactType.fromWire("tree_snapshot"));
        assertEquals("user_attachment", ArtifactType.USER_ATTACHMENT.wireName());
        assertNull(ArtifactType.fromWire("movie"));
    }

    @Test
    void pdfAttachmentsHaveTheSmallerLimit() {
        assertEquals(SizeLimit.PDF_MAX, SizeLimit.of(ArtifactType.USER_ATTACHMENT, "Report.PDF", "").bytes());
        assertEquals(SizeLimit.PDF_MAX, SizeLimit.of(ArtifactType.USER_ATTACHMENT, "x.bin",
                " Application/PDF ; charset=binary").bytes());
        assertEquals(SizeLimit.MAX, SizeLimit.of(ArtifactType.OUTPUT, "report.pdf", "application/pdf").bytes());
        assertEquals(SizeLimit.MAX, SizeLimit.of(ArtifactType.USER_ATTACHMENT, "notes.txt", null).bytes());
    }

    @Test
    void refusalsNameTheArtifactAndTheLimit() {
        var pdf = assertThrows(InvalidValueException.class, () -> SizeLimit.of(ArtifactType.USER_ATTACHMENT,
                "report.pdf", "").check(SizeLimit.PDF_MAX + 1, "report.pdf", "size"));
        assertEquals("report.pdf exceeds the 10MB attachment limit for PDFs in cloud runs", pdf.getMessage());
        var byType = assertThrows(InvalidValueException.class, () -> SizeLimit.of(ArtifactType.USER_ATTACHMENT,
                "x.bin", "application/pdf").check(SizeLimit.PDF_MAX + 1, "x.bin", "size"));
        assertEquals("x.bin exceeds the 10MB attachment limit", byType.getMessage());
        var generic = assertThrows(InvalidValueException.class, () -> new SizeLimit(SizeLimit.MAX)
                .check(SizeLimit.MAX + 1, "", "size"));
        assertEquals("Artifact exceeds the 30MB attachment limit", generic.getMessage());
        new SizeLimit(SizeLimit.MAX).check(SizeLimit.MAX, "big.bin", "size");
    }

    @Test
    void keysStayUnderTheirPrefixes() {
        var keys = new ArtifactKeys("tasks");
        ProjectId project = new ProjectId(7);
        TaskId task = new TaskId(UUID.fromString("11111111-2222-3333-4444-555555555555"));
        RunId run = new RunId(UUID.fromString("66666666-7777-8888-9999-000000000000"));
        String prefix = "tasks/artifacts/team_7/task_11111111-2222-3333-4444-555555555555";
        assertEquals(prefix + "/run_66666666-7777-8888-9999-000000000000", keys.runPrefix(project, task, run));
        assertEquals(prefix + "/run_66666666-7777-8888-9999-000000000000/0123abcd_y.md", keys.runArtifact(project,
                task, run, "0123abcd9999aaaabbbbccccddddeeee", ArtifactName.safe("../../x/y.md")).value());
        assertEquals(prefix + "/staged/a1/plan.md",
                keys.staged(project, task, "a1", ArtifactName.safe("plan.md")).value());
    }
}
