package dev.tasks.web.artifacts;

import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import dev.tasks.web.artifacts.ArtifactService.Download;
import dev.tasks.web.http.DownloadSlot;
import dev.tasks.web.http.Idempotent;
import dev.tasks.web.http.JsonBody;
import dev.tasks.web.http.PathIds;
import dev.tasks.web.http.RefusalBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/projects/{project_id}/tasks/{task_id}/runs/{run_id}/artifacts/}: docs/artifacts.md. */
@RequestScoped
@RefusalBody(value = RefusalBody.Shape.ERROR, unavailable = 400)
@Path("projects/{project_id}/tasks/{task_id}/runs/{run_id}/artifacts")
public class RunArtifactsResource {

    private static final int COPY_BUFFER_BYTES = 448 * 1024;

    @Inject
    DownloadSlot slot;

    @Inject
    RequestContext context;

    @Inject
    ArtifactService artifacts;

    @POST
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public Map<String, Object> upload(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                                      JsonBody body) {
        var items = ArtifactRequest.inline(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        return ArtifactViews.listed(ArtifactViews.entries(
                artifacts.upload(context.project(), context.caller(), task, run, items).entries()));
    }

    @POST
    @Path("prepare_upload")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Map<String, Object> prepare(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                                       JsonBody body) {
        var items = ArtifactRequest.prepare(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        return ArtifactViews.listed(ArtifactViews.prepared(
                artifacts.prepare(context.project(), context.caller(), task, run, items)));
    }

    @POST
    @Path("finalize_upload")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    @Idempotent
    public Map<String, Object> finalizeUploads(@PathParam("task_id") String taskId,
                                               @PathParam("run_id") String runId, JsonBody body) {
        var items = ArtifactRequest.finalize(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        return ArtifactViews.listed(ArtifactViews.finalized(
                artifacts.finalizeUploads(context.project(), context.caller(), task, run, items)));
    }

    /**
     * The object's bytes, copied through one fixed buffer as they arrive from the store (memory stays
     * flat whatever the size), with the store's length as {@code Content-Length} when it gives one.
     */
    @POST
    @Path("download")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Response download(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                             JsonBody body) {
        StoragePath path = ArtifactRequest.storagePath(body.fields());
        slot.take(context.caller().key().id());
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        Download download = artifacts.download(context.project(), context.caller(), task, run, path);
        StreamingOutput bytes = output -> {
            try (InputStream content = download.content().stream()) {
                byte[] buffer = new byte[COPY_BUFFER_BYTES];
                // Fill the buffer before each write: the store's stream hands out a few KiB per read,
                // and one large write per buffer costs the server far less than many small ones.
                for (int read; (read = content.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                    output.write(buffer, 0, read);
                }
            }
        };
        Response.ResponseBuilder response = Response.ok(bytes);
        if (download.content().length() >= 0) {
            response.header("Content-Length", download.content().length());
        }
        // Always an attachment, never sniffed, and sandboxed should a browser open it anyway: the
        // bytes are whatever an agent or a user uploaded.
        return response
                .type(mediaType(download.entry().contentType()))
                .header("Cache-Control", "no-cache")
                .header("Content-Disposition", ContentDisposition.attachment(download.entry().name()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .build();
    }

    @POST
    @Path("presign")
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Map<String, Object> presign(@PathParam("task_id") String taskId, @PathParam("run_id") String runId,
                                       JsonBody body) {
        StoragePath path = ArtifactRequest.storagePath(body.fields());
        TaskId task = PathIds.taskOfRun(taskId);
        RunId run = PathIds.run(runId);
        String url = artifacts.presign(context.project(), context.caller(), task, run, path);
        return Map.of("url", url, "expires_in", ArtifactObjects.URL_VALIDITY.toSeconds());
    }

    /** The declared type when it is a well-formed media type, else {@code application/octet-stream}. */
    static MediaType mediaType(Object declared) {
        if (declared instanceof String type && !type.isBlank()) {
            try {
                return MediaType.valueOf(type.strip());
            } catch (IllegalArgumentException e) {
                return MediaType.APPLICATION_OCTET_STREAM_TYPE;
            }
        }
        return MediaType.APPLICATION_OCTET_STREAM_TYPE;
    }
}
