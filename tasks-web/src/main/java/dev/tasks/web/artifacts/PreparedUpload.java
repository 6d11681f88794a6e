package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.ArtifactStore.PresignedPost;
import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.web.artifacts.ArtifactRequest.Described;

/**
 * A presigned POST handed out for one {@code prepare_upload/} item (docs/artifacts.md#preparing-an-upload), under a new
 * id and key.
 */
public record PreparedUpload(String id, Described described, long size, StoragePath storagePath, PresignedPost post) {
}
