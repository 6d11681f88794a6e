import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Issue 4 measurements, driven by bench/artifacts-benchmarks: {@code download/} of a large object
 * through the API beside a presigned GET of the same object from the S3 server, and the time of
 * {@code prepare_upload/} + the browser-style POST + {@code finalize_upload/} beside an inline upload.
 * Arguments: API URL, key, project, S3 endpoint, S3 access key, S3 secret, JDBC URL, JDBC user, then
 * the measure and its parameters.
 */
public final class ArtifactsBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String key;
    private final String project;
    private final String[] s3;
    private final String[] jdbc;

    private ArtifactsBench(String[] args) {
        base = args[0];
        key = args[1];
        project = args[2];
        s3 = new String[] {args[3], args[4], args[5]};
        jdbc = new String[] {args[6], args[7]};
    }

    public static void main(String[] args) throws Exception {
        ArtifactsBench bench = new ArtifactsBench(args);
        switch (args[8]) {
            case "download" -> bench.download(Integer.parseInt(args[9]), Integer.parseInt(args[10]), Path.of(args[11]));
            case "upload" -> bench.upload(Integer.parseInt(args[9]), Integer.parseInt(args[10]));
            default -> throw new IllegalArgumentException("unknown measure " + args[8]);
        }
    }

    private JsonNode send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    private String[] newRun() throws Exception {
        String task = send("POST", "/api/projects/" + project + "/tasks/", Map.of("title", "bench")).get("id").asText();
        String run = send("POST", runs(task), Map.of()).get("id").asText();
        return new String[] {task, run};
    }

    private String runs(String task) {
        return "/api/projects/" + project + "/tasks/" + task + "/runs/";
    }

    /**
     * Puts an object of {@code megabytes} MB under a new run's prefix directly (the API's own limit is
     * 30 MiB), lists it in the run's manifest through the database, then times {@code rounds} API
     * downloads and {@code rounds} presigned GETs of it, alternating. {@code marker} gets "download"
     * while the API downloads run, so the script can watch the server's heap.
     */
    private void download(int megabytes, int rounds, Path marker) throws Exception {
        String[] ids = newRun();
        String prefix = "tasks/artifacts/team_" + project + "/task_" + ids[0] + "/run_" + ids[1];
        String storagePath = prefix + "/bench000_big.bin";
        long size = megabytes * 1_000_000L;
        byte[] bytes = new byte[(int) size];
        new Random(4).nextBytes(bytes);
        try (MinioClient client = MinioClient.builder().endpoint(s3[0]).region("us-east-1")
                .credentials(s3[1], s3[2]).build()) {
            client.putObject(PutObjectArgs.builder().bucket("tasks").object(storagePath)
                    .stream(new ByteArrayInputStream(bytes), size, 16L * 1024 * 1024)
                    .contentType("application/octet-stream").build());
        }
        bytes = null;
        String entry = JSON.writeValueAsString(List.of(Map.of("id", "bench000" + UUID.randomUUID().toString()
                .replace("-", "").substring(8), "name", "big.bin", "type", "output", "source", "", "size", size,
                "content_type", "application/octet-stream", "storage_path", storagePath,
                "uploaded_at", "2026-01-01T00:00:00.000000+00:00", "uploaded_by", "user")));
        try (Connection connection = DriverManager.getConnection(jdbc[0], jdbc[1], "");
             PreparedStatement update = connection.prepareStatement("update task_run set artifacts = ? where id = ?")) {
            update.setString(1, entry);
            update.setObject(2, UUID.fromString(ids[1]));
            update.executeUpdate();
        }
        String path = runs(ids[0]) + ids[1] + "/artifacts/";
        String body = JSON.writeValueAsString(Map.of("storage_path", storagePath));
        List<Double> api = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            Files.writeString(marker, "download");
            double viaApi = timedRead(HttpRequest.newBuilder(URI.create(base + path + "download/"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), size);
            Files.writeString(marker, "direct");
            String url = send("POST", path + "presign/", Map.of("storage_path", storagePath)).get("url").asText();
            double viaS3 = timedRead(HttpRequest.newBuilder(URI.create(url)).GET().build(), size);
            if (round > 0) { // the first round warms both paths up
                api.add(viaApi);
                direct.add(viaS3);
            }
        }
        Files.writeString(marker, "done");
        double apiMbs = size / 1e6 / median(api);
        double directMbs = size / 1e6 / median(direct);
        System.out.printf(Locale.ROOT, "download %d MB, median of %d: API %.1f MB/s (%.2f s), presigned GET %.1f MB/s"
                        + " (%.2f s), ratio %.2f%n", megabytes, rounds, apiMbs, median(api), directMbs, median(direct),
                apiMbs / directMbs);
    }

    /** Seconds to read the whole response body, checking its length; the bytes are counted and dropped. */
    private static double timedRead(HttpRequest request, long expected) throws Exception {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long read = 0;
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        }
        if (response.statusCode() != 200 || read != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + " with " + read
                    + " bytes, expected " + expected);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Milliseconds of prepare + POST + finalize for each size in MiB, and of an inline upload of 1 MiB. */
    private void upload(int largeMib, int rounds) throws Exception {
        String[] ids = newRun();
        String path = runs(ids[0]) + ids[1] + "/artifacts/";
        for (int mib : new int[] {1, largeMib}) {
            byte[] bytes = new byte[mib * 1_048_576];
            new Random(mib).nextBytes(bytes);
            List<Double> times = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                long started = System.nanoTime();
                JsonNode prepared = send("POST", path + "prepare_upload/", Map.of("artifacts", List.of(Map.of(
                        "name", "data.bin", "type", "output", "size", bytes.length)))).at("/artifacts/0");
                int status = postForm(prepared.get("presigned_post"), bytes);
                if (status / 100 != 2) {
                    throw new IllegalStateException("presigned POST answered " + status);
                }
                JsonNode finalized = send("POST", path + "finalize_upload/", Map.of("artifacts", List.of(Map.of(
                        "id", prepared.get("id").asText(), "name", "data.bin", "type", "output",
                        "storage_path", prepared.get("storage_path").asText())))).at("/artifacts/0");
                if (finalized.get("size").asLong() != bytes.length) {
                    throw new IllegalStateException("finalized " + finalized);
                }
                if (round > 0) {
                    times.add((System.nanoTime() - started) / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "prepare + POST + finalize, %d MiB: median %.1f ms of %d%n", mib,
                    median(times), rounds);
        }
        byte[] small = new byte[1_048_576];
        new Random(1).nextBytes(small);
        String content = Base64.getEncoder().encodeToString(small);
        List<Double> inline = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            long started = System.nanoTime();
            send("POST", path, Map.of("artifacts", List.of(Map.of("name", "inline.bin", "type", "output",
                    "content", content, "content_encoding", "base64"))));
            if (round > 0) {
                inline.add((System.nanoTime() - started) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "inline upload (base64), 1 MiB: median %.1f ms of %d%n", median(inline), rounds);
    }

    private static int postForm(JsonNode presignedPost, byte[] file) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 4096);
        presignedPost.get("fields").properties().forEach(field -> body.writeBytes(("--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                + field.getValue().asText() + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(presignedPost.get("url").asText()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
