package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.identity.ApiKeySecret;
import dev.tasks.web.it.Fixtures.Member;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Artifacts of runs and staged artifacts of tasks (docs/artifacts.md), path safety, failures. */
class ArtifactsIT extends DeployedWarTest {

    private static final String TASKS = "/api/projects/@current/tasks/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SHA = "a".repeat(64);

    private final S3Recorder s3 = TestEnvironment.get().s3Recorder();

    /** A run of a new task of a new member, and the names the service derives from it. */
    record RunRef(Member member, String task, String run) {
        String path() {
            return TASKS + task + "/runs/" + run + "/";
        }

        String prefix() {
            return "tasks/artifacts/team_" + member.project() + "/task_" + task + "/run_" + run;
        }

        String stagedPrefix() {
            return "tasks/artifacts/team_" + member.project() + "/task_" + task + "/staged/";
        }

        ApiResponse post(String route, Object body) {
            return member.api().post(path() + route, body);
        }

        ApiResponse staged(String route, Object body) {
            return member.api().post(TASKS + task + "/staged_artifacts/" + route, body);
        }

        JsonNode manifest() {
            return member.api().get(path()).expect(200).json().get("artifacts");
        }
    }

    private RunRef newRun() {
        Member member = fixtures().newMember();
        String task = fixtures().newTask(member, Map.of("title", "artifacts")).get("id").asText();
        return newRun(member, task, Map.of());
    }

    private RunRef newRun(Member member, String task, Map<String, Object> body) {
        String run = member.api().post(TASKS + task + "/runs/", body).expect(201).json().get("id").asText();
        return new RunRef(member, task, run);
    }

    static Map<String, Object> body(Map<?, ?>... items) {
        return Map.of("artifacts", List.of(items));
    }

    static Map<String, Object> item(Object... pairs) {
        Map<String, Object> item = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        return item;
    }

    static Map<String, Object> skillMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("skill_name", "local-skill");
        metadata.put("skill_source", "user");
        metadata.put("content_sha256", SHA);
        metadata.put("bundle_format", "zip");
        metadata.put("schema_version", 1);
        return metadata;
    }

    private static String shortId(String id) {
        return id.substring(0, 8);
    }

    /** The requests the recorder saw that write an object (PUT without a sub-resource) under {@code prefix}. */
    private List<String> objectWrites(String prefix) {
        return s3.requests("PUT", prefix).stream().filter(line -> !line.contains("?")).toList();
    }

    private List<String> tagWrites(String prefix) {
        return s3.requests("PUT", prefix).stream().filter(line -> line.contains("tagging")).toList();
    }

    // --- inline upload (docs/artifacts.md#inline-upload)

    /** A retried upload with the same Idempotency-Key stores nothing twice and answers the first answer. */
    @Test
    void aRetriedUploadOrFinalizeWithItsIdempotencyKeyActsOnce() {
        RunRef run = newRun();
        Api keyed = run.member().api().withHeader("Idempotency-Key", "upload-" + UUID.randomUUID());
        Map<String, Object> upload = body(item("name", "once.md", "type", "plan", "content", "# Once"));
        ApiResponse first = keyed.post(run.path() + "artifacts/", upload).expect(200);
        ApiResponse again = keyed.post(run.path() + "artifacts/", upload).expect(200);
        assertArrayEquals(first.body(), again.body());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, run.member().api().get(run.path()).expect(200).json().get("artifacts").size());
    }

    @Test
    void a01_inlineUploadWritesOneObjectTagsItAndListsIt() {
        RunRef run = newRun();
        s3.clear();
        JsonNode manifest = run.post("artifacts/", body(item("name", "plan.md", "type", "plan", "content", "# Plan",
                "content_type", "text/markdown"))).expect(200).json().get("artifacts");
        assertEquals(1, manifest.size());
        JsonNode entry = manifest.get(0);
        assertEquals(32, entry.get("id").asText().length());
        assertEquals("plan.md", entry.get("name").asText());
        assertEquals("plan", entry.get("type").asText());
        assertEquals("", entry.get("source").asText());
        assertEquals(6, entry.get("size").asLong());
        assertEquals("text/markdown", entry.get("content_type").asText());
        String path = entry.get("storage_path").asText();
        assertEquals(run.prefix() + "/" + shortId(entry.get("id").asText()) + "_plan.md", path);
        assertTrue(entry.get("uploaded_at").asText().endsWith("+00:00"), entry.toString());
        assertEquals("user", entry.get("uploaded_by").asText());
        assertFalse(entry.has("uploaded_by_user_id"), "only finalized entries name their user");
        assertFalse(entry.has("metadata"));
        assertEquals(List.of("id", "name", "type", "source", "size", "content_type", "storage_path", "uploaded_at",
                "uploaded_by"), fieldNames(entry));
        assertEquals(1, objectWrites(run.prefix()).size(), s3.requests().toString());
        assertEquals(1, tagWrites(run.prefix()).size(), s3.requests().toString());
        String tags = s3.tagBodies().get(0);
        assertTrue(tags.contains("<Key>ttl_days</Key><Value>30</Value>"), tags);
        assertTrue(tags.contains("<Key>team_id</Key><Value>" + run.member().project() + "</Value>"), tags);
        assertEquals("# Plan", new String(S3Objects.get(path), StandardCharsets.UTF_8));
        assertEquals(manifest, run.manifest(), "the run lists what the upload answered");
    }

    @Test
    void a02_base64ContentIsStoredAsItsBytes() {
        RunRef run = newRun();
        byte[] bytes = {0x00, (byte) 0xff, 0x62, 0x69, 0x6e, 0x61, 0x72, 0x79};
        JsonNode entry = run.post("artifacts/", body(item("name", "bundle.zip", "type", "user_attachment",
                "source", "user_attachment", "content", Base64.getEncoder().encodeToString(bytes),
                "content_encoding", "base64", "content_type", "application/zip"))).expect(200).json()
                .at("/artifacts/0");
        assertEquals(8, entry.get("size").asLong());
        assertEquals("user_attachment", entry.get("source").asText());
        String path = entry.get("storage_path").asText();
        assertArrayEquals(bytes, S3Objects.get(path));
        assertEquals("application/zip", S3Objects.contentType(path));
    }

    @Test
    void a03_a10_metadataIsStoredAndEchoedAsValidated() {
        RunRef run = newRun();
        Map<String, Object> sent = new LinkedHashMap<>(skillMetadata());
        sent.put("extra", "dropped");
        JsonNode entry = run.post("artifacts/", body(item("name", "skill.zip", "type", "skill_bundle",
                "content", "zip", "metadata", sent))).expect(200).json().at("/artifacts/0");
        assertEquals(MAPPER.valueToTree(skillMetadata()), entry.get("metadata"));
        JsonNode prepared = run.post("artifacts/prepare_upload/", body(item("name", "skill.zip",
                "type", "skill_bundle", "size", 100, "metadata", skillMetadata()))).expect(200).json()
                .at("/artifacts/0");
        assertEquals(MAPPER.valueToTree(skillMetadata()), prepared.get("metadata"));
    }

    @Test
    void a04_a38_metadataRules() {
        RunRef run = newRun();
        run.post("artifacts/", body(item("name", "s.zip", "type", "skill_bundle", "content", "x")))
                .expectError(400, "invalid_input", "Skill bundle artifacts require metadata", "artifacts__0__metadata");
        run.post("artifacts/", body(item("name", "p.md", "type", "plan", "content", "x",
                "metadata", Map.of("skill_name", "x"))))
                .expectError(400, "required", "This field is required.", "artifacts__0__metadata__skill_source");
        run.post("artifacts/", body(item("name", "p.md", "type", "plan", "content", "x", "metadata", "x")))
                .expectError(400, "not_a_dict", "Expected a dictionary of items but got type \"str\".",
                        "artifacts__0__metadata");
        Map<String, Object> badSha = new HashMap<>(skillMetadata());
        badSha.put("content_sha256", "A".repeat(64));
        run.post("artifacts/", body(item("name", "s.zip", "type", "skill_bundle", "content", "x", "metadata", badSha)))
                .expectError(400, "invalid", "This value does not match the required pattern.",
                        "artifacts__0__metadata__content_sha256");
        Map<String, Object> badSource = new HashMap<>(skillMetadata());
        badSource.put("skill_source", "web");
        run.post("artifacts/", body(item("name", "s.zip", "type", "skill_bundle", "content", "x",
                "metadata", badSource)))
                .expectError(400, "invalid_choice", "\"web\" is not a valid choice.",
                        "artifacts__0__metadata__skill_source");
        Map<String, Object> badVersion = new HashMap<>(skillMetadata());
        badVersion.put("schema_version", 0);
        run.post("artifacts/", body(item("name", "s.zip", "type", "skill_bundle", "content", "x",
                "metadata", badVersion)))
                .expectError(400, "min_value", "Ensure this value is greater than or equal to 1.",
                        "artifacts__0__metadata__schema_version");
        Map<String, Object> blankName = new HashMap<>(skillMetadata());
        blankName.put("skill_name", "  ");
        run.post("artifacts/", body(item("name", "s.zip", "type", "skill_bundle", "content", "x",
                "metadata", blankName)))
                .expectError(400, "blank", "This field may not be blank.", "artifacts__0__metadata__skill_name");
        assertEquals(0, run.manifest().size());
    }

    @Test
    void a05_invalidBase64IsRefused() {
        RunRef run = newRun();
        s3.clear();
        for (String content : List.of("%%%not-base64%%%", "YQ", "YQ==\n", "YQ=a", "Y Q==")) {
            run.post("artifacts/", body(item("name", "a.bin", "type", "artifact", "content", content,
                    "content_encoding", "base64")))
                    .expectError(400, "invalid_input", "Invalid base64 content", "artifacts__0__content");
        }
        run.post("artifacts/", body(item("name", "a.bin", "type", "artifact", "content", "", "content_encoding",
                "base64"))).expect(200);
        assertEquals(1, objectWrites(run.prefix()).size(), "only the valid (empty) upload was written");
    }

    @Test
    void a06_oversizedInlineUploadsAreRefusedBeforeAnyWrite() {
        RunRef run = newRun();
        s3.clear();
        String pdf = "a".repeat(10_485_761);
        JsonNode error = run.post("artifacts/", body(item("name", "large.pdf", "type", "user_attachment",
                "content", pdf, "content_type", "application/pdf"))).expect(400).json();
        assertTrue(error.get("detail").asText().contains("10MB attachment limit for PDFs"), error.toString());
        assertEquals("artifacts__0__content", error.get("attr").asText());
        JsonNode byType = run.post("artifacts/", body(item("name", "x.bin", "type", "user_attachment",
                "content", pdf, "content_type", "application/pdf; charset=binary"))).expect(400).json();
        assertEquals("x.bin exceeds the 10MB attachment limit", byType.get("detail").asText());
        run.post("artifacts/", body(item("name", "large.pdf", "type", "output", "content", pdf))).expect(200);
        assertEquals(1, run.manifest().size(), "the 30 MiB limit applies to other types");
        assertEquals(1, objectWrites(run.prefix()).size());
    }

    @Test
    void a07_malformedBodiesAreRefusedWithTheirField() {
        RunRef run = newRun();
        s3.clear();
        run.post("artifacts/", Map.of("artifacts", List.of()))
                .expectError(400, "invalid_input", "At least one artifact is required", "artifacts");
        run.post("artifacts/", Map.of()).expectError(400, "required", "This field is required.", "artifacts");
        run.post("artifacts/", Map.of("artifacts", Map.of()))
                .expectError(400, "not_a_list", "Expected a list of items but got type \"dict\".", "artifacts");
        run.post("artifacts/", Map.of("artifacts", List.of("x")))
                .expectError(400, "not_a_dict", "Expected a dictionary of items but got type \"str\".",
                        "artifacts__0");
        Map<String, Object> good = item("name", "a.md", "type", "plan", "content", "x");
        run.post("artifacts/", body(good, item("name", "a.md", "type", "movie", "content", "x")))
                .expectError(400, "invalid_choice", "\"movie\" is not a valid choice.", "artifacts__1__type");
        run.post("artifacts/", body(item("name", " ", "type", "plan", "content", "x")))
                .expectError(400, "blank", "This field may not be blank.", "artifacts__0__name");
        run.post("artifacts/", body(item("name", "n".repeat(256), "type", "plan", "content", "x")))
                .expectError(400, "max_length", "Ensure this field has no more than 255 characters.",
                        "artifacts__0__name");
        run.post("artifacts/", body(item("name", "a.md", "type", "plan")))
                .expectError(400, "required", "This field is required.", "artifacts__0__content");
        run.post("artifacts/", body(item("name", "a.md", "type", "plan", "content", "x", "content_encoding", "gzip")))
                .expectError(400, "invalid_choice", "\"gzip\" is not a valid choice.", "artifacts__0__content_encoding");
        run.post("artifacts/", body(item("name", "a.md", "type", "plan", "content", "x", "source", "s".repeat(65))))
                .expectError(400, "max_length", "Ensure this field has no more than 64 characters.",
                        "artifacts__0__source");
        run.member().api().send("POST", run.path() + "artifacts/", "{\"artifacts\":[", "application/json").expect(400);
        assertEquals(0, run.manifest().size());
        assertEquals(List.of(), objectWrites(run.prefix()), "nothing is written for a refused request");
    }

    @Test
    void a08_uploadsAppendToTheManifestInOrder() {
        RunRef run = newRun();
        JsonNode x = run.post("artifacts/", body(item("name", "x.md", "type", "plan", "content", "x")))
                .expect(200).json().at("/artifacts/0");
        JsonNode both = run.post("artifacts/", body(item("name", "y.md", "type", "plan", "content", "y"),
                item("name", "y.md", "type", "plan", "content", "y2"))).expect(200).json().get("artifacts");
        assertEquals(3, both.size());
        assertEquals(x, both.get(0));
        assertEquals("y.md", both.get(1).get("name").asText());
        assertTrue(!both.get(1).get("id").equals(both.get(2).get("id"))
                && !both.get(1).get("storage_path").equals(both.get(2).get("storage_path")),
                "the same name twice makes two artifacts");
        assertEquals("y2", new String(S3Objects.get(both.get(2).get("storage_path").asText()), StandardCharsets.UTF_8));
    }

    @Test
    void namesAreStoredSafe() {
        RunRef run = newRun();
        JsonNode manifest = run.post("artifacts/", body(item("name", "../../x/y.md", "type", "plan", "content", "1"),
                item("name", "dir/", "type", "plan", "content", "2"),
                item("name", "a\\b.txt", "type", "plan", "content", "3"))).expect(200).json().get("artifacts");
        assertEquals("y.md", manifest.get(0).get("name").asText());
        assertEquals("artifact", manifest.get(1).get("name").asText());
        assertEquals("a\\b.txt", manifest.get(2).get("name").asText());
        for (JsonNode entry : manifest) {
            String path = entry.get("storage_path").asText();
            assertTrue(path.startsWith(run.prefix() + "/") && path.indexOf('/', run.prefix().length() + 1) < 0, path);
            assertTrue(S3Objects.exists(path), path);
        }
    }

    // --- prepare_upload (docs/artifacts.md#preparing-an-upload, docs/artifacts.md#staged-artifacts)

    @Test
    void a09_prepareSignsAPostForTheExactKeyAndSize() throws Exception {
        RunRef run = newRun();
        s3.clear();
        JsonNode item = run.post("artifacts/prepare_upload/", body(item("name", "spec.pdf", "type", "user_attachment",
                "size", 4096, "content_type", "application/pdf"))).expect(200).json().get("artifacts");
        assertEquals(1, item.size());
        JsonNode prepared = item.get(0);
        String id = prepared.get("id").asText();
        assertEquals(32, id.length());
        assertEquals("spec.pdf", prepared.get("name").asText());
        assertEquals("user_attachment", prepared.get("type").asText());
        assertEquals("", prepared.get("source").asText());
        assertEquals(4096, prepared.get("size").asLong());
        assertEquals("application/pdf", prepared.get("content_type").asText());
        assertEquals(run.prefix() + "/" + shortId(id) + "_spec.pdf", prepared.get("storage_path").asText());
        assertEquals(3600, prepared.get("expires_in").asLong());
        assertFalse(prepared.has("metadata"));
        JsonNode post = prepared.get("presigned_post");
        assertEquals(TestEnvironment.get().s3Endpoint() + "/tasks", post.get("url").asText());
        JsonNode fields = post.get("fields");
        assertEquals(prepared.get("storage_path").asText(), fields.get("key").asText());
        for (String field : List.of("policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature")) {
            assertTrue(fields.hasNonNull(field), field + " in " + fields);
        }
        JsonNode policy = MAPPER.readTree(Base64.getDecoder().decode(fields.get("policy").asText()));
        boolean range = false;
        boolean key = false;
        for (JsonNode condition : policy.get("conditions")) {
            range |= condition.toString().equals("[\"content-length-range\",0,69632]");
            key |= condition.toString().equals("[\"eq\",\"$key\",\"" + prepared.get("storage_path").asText() + "\"]");
        }
        assertTrue(range && key, policy.toString());
        long expires = java.time.Instant.parse(policy.get("expiration").asText()).getEpochSecond();
        long now = Instant.now().getEpochSecond();
        assertTrue(Math.abs(expires - now - 3600) < 120, policy.toString());
        assertEquals(0, run.manifest().size());
        assertEquals(List.of(), s3.requests(), "preparing touches neither the store nor the manifest");
    }

    @Test
    void a11_a12_a27_a28_preparedSizesAreChecked() {
        RunRef run = newRun();
        for (String route : List.of("artifacts/prepare_upload/", "staged")) {
            java.util.function.Function<Map<String, Object>, ApiResponse> post = body -> route.equals("staged")
                    ? run.staged("prepare_upload/", body) : run.post(route, body);
            post.apply(body(item("name", "big.bin", "type", "artifact", "size", 31_457_281,
                    "content_type", "application/octet-stream")))
                    .expectError(400, "max_value", "Ensure this value is less than or equal to 31457280.",
                            "artifacts__0__size");
            JsonNode pdf = post.apply(body(item("name", "big.pdf", "type", "user_attachment", "size", 10_485_761)))
                    .expect(400).json();
            assertTrue(pdf.get("detail").asText().contains("10MB attachment limit for PDFs"), pdf.toString());
            assertEquals("artifacts__0__size", pdf.get("attr").asText());
            post.apply(body(item("name", "a.bin", "type", "artifact", "size", 0)))
                    .expectError(400, "min_value", "Ensure this value is greater than or equal to 1.",
                            "artifacts__0__size");
            post.apply(body(item("name", "a.bin", "type", "artifact", "size", "many")))
                    .expectError(400, "invalid", "A valid integer is required.", "artifacts__0__size");
            post.apply(body(item("name", "a.bin", "type", "artifact")))
                    .expectError(400, "required", "This field is required.", "artifacts__0__size");
            post.apply(body(item("name", "big.bin", "type", "artifact", "size", 31_457_280))).expect(200);
        }
    }

    @Test
    void a29_stagedPrepareUsesTheStagedKey() {
        RunRef run = newRun();
        JsonNode prepared = run.staged("prepare_upload/", body(item("name", "spec.pdf", "type", "user_attachment",
                "size", 4096, "content_type", "application/pdf"))).expect(200).json().at("/artifacts/0");
        assertEquals("spec.pdf", prepared.get("name").asText());
        assertEquals("user_attachment", prepared.get("type").asText());
        assertEquals("", prepared.get("source").asText());
        assertFalse(prepared.has("metadata"));
        String id = prepared.get("id").asText();
        assertEquals(run.stagedPrefix() + id + "/spec.pdf", prepared.get("storage_path").asText());
        assertEquals(prepared.get("storage_path").asText(), prepared.at("/presigned_post/fields/key").asText());
    }

    // --- presigned POST against the store itself (A36, A37)

    @Test
    void a36_theStoreRefusesAFileLargerThanThePolicy() {
        RunRef run = newRun();
        JsonNode prepared = run.post("artifacts/prepare_upload/", body(item("name", "small.bin", "type", "artifact",
                "size", 10))).expect(200).json().at("/artifacts/0");
        int status = postForm(prepared.get("presigned_post"), new byte[200_000]);
        assertTrue(status >= 400 && status < 500, "status " + status);
        assertEquals(Map.of("error", "Artifact upload not found in object storage"),
                JsonValues.map(run.post("artifacts/finalize_upload/", body(finalizeItem(prepared))).expect(400).json()));
        assertEquals(0, run.manifest().size());
    }

    @Test
    void a37_prepareUploadFinalizeDownload() {
        RunRef run = newRun();
        byte[] bytes = new byte[300_000];
        new Random(37).nextBytes(bytes);
        JsonNode prepared = run.post("artifacts/prepare_upload/", body(item("name", "data.bin", "type", "output",
                "size", bytes.length))).expect(200).json().at("/artifacts/0");
        int status = postForm(prepared.get("presigned_post"), bytes);
        assertEquals(204, status);
        JsonNode finalized = run.post("artifacts/finalize_upload/", body(finalizeItem(prepared))).expect(200).json()
                .at("/artifacts/0");
        assertEquals(300_000, finalized.get("size").asLong());
        ApiResponse download = run.post("artifacts/download/", Map.of("storage_path",
                prepared.get("storage_path").asText())).expect(200);
        assertArrayEquals(bytes, download.body());
        assertEquals("application/octet-stream", download.header("Content-Type"));
    }

    private static Map<String, Object> finalizeItem(JsonNode prepared) {
        Map<String, Object> item = item("id", prepared.get("id").asText(), "name", prepared.get("name").asText(),
                "type", prepared.get("type").asText(), "storage_path", prepared.get("storage_path").asText());
        if (!prepared.get("content_type").asText().isEmpty()) {
            item.put("content_type", prepared.get("content_type").asText());
        }
        return item;
    }

    /** What a browser or PostHog's agent client does with a presigned POST: the fields, then {@code file}. */
    static int postForm(JsonNode presignedPost, byte[] file) {
        String boundary = "----tasks" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        Iterator<Map.Entry<String, JsonNode>> fields = presignedPost.get("fields").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue().asText() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(presignedPost.get("url").asText()))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // A store may close the connection while refusing an oversized upload.
            return 400;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- finalize_upload (docs/artifacts.md#finalizing-an-upload)

    private String uploadedObject(RunRef run, String id, String name, int size, String contentType) {
        String path = run.prefix() + "/" + shortId(id) + "_" + name;
        S3Objects.put(path, new byte[size], contentType);
        return path;
    }

    @Test
    void a13_a15_a16_finalizeStatsTagsListsAndIsIdempotent() {
        RunRef run = newRun();
        String id = UUID.randomUUID().toString().replace("-", "");
        String path = uploadedObject(run, id, "spec.pdf", 4096, "application/pdf");
        s3.clear();
        JsonNode response = run.post("artifacts/finalize_upload/", body(item("id", id, "name", "spec.pdf",
                "type", "user_attachment", "source", "user_attachment", "storage_path", path,
                "content_type", "application/pdf"))).expect(200).json().get("artifacts");
        assertEquals(1, s3.requests("HEAD", path).size(), s3.requests().toString());
        assertEquals(1, tagWrites(path).size(), s3.requests().toString());
        assertEquals(1, response.size());
        JsonNode returned = response.get(0);
        assertFalse(returned.get("url").asText().isEmpty());
        JsonNode manifest = run.manifest();
        assertEquals(1, manifest.size());
        JsonNode entry = manifest.get(0);
        assertEquals(id, entry.get("id").asText());
        assertEquals("spec.pdf", entry.get("name").asText());
        assertEquals("user_attachment", entry.get("type").asText());
        assertEquals("user_attachment", entry.get("source").asText());
        assertEquals(4096, entry.get("size").asLong());
        assertEquals("application/pdf", entry.get("content_type").asText());
        assertEquals(path, entry.get("storage_path").asText());
        assertEquals("user", entry.get("uploaded_by").asText());
        assertEquals(run.member().id(), entry.get("uploaded_by_user_id").asLong());
        assertFalse(entry.has("url"), "the URL is never stored");
        assertEquals(200, fetch(returned.get("url").asText()).statusCode(), "the returned URL downloads the object");

        // A15: a second finalize adds its own entry and answers with it alone.
        String otherId = UUID.randomUUID().toString().replace("-", "");
        String otherPath = uploadedObject(run, otherId, "notes.txt", 10, "text/plain");
        JsonNode second = run.post("artifacts/finalize_upload/", body(item("id", otherId, "name", "notes.txt",
                "type", "context", "storage_path", otherPath))).expect(200).json().get("artifacts");
        assertEquals(1, second.size());
        assertEquals(otherId, second.get(0).get("id").asText());
        assertEquals("text/plain", second.get(0).get("content_type").asText(), "the stored type when none is sent");
        assertEquals(List.of(id, otherId), ids(run.manifest()));

        // A16: finalizing E again returns E as it is, with a fresh URL; no stat, no tag.
        s3.clear();
        JsonNode again = run.post("artifacts/finalize_upload/", body(item("id", id, "name", "renamed.pdf",
                "type", "plan", "storage_path", path))).expect(200).json().at("/artifacts/0");
        assertTrue(again.get("url").asText().startsWith("http"));
        var withoutUrl = again.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutUrl).remove("url");
        assertEquals(entry, withoutUrl);
        assertEquals(List.of(), s3.requests("HEAD", path));
        assertEquals(List.of(), tagWrites(path));
        assertEquals(2, run.manifest().size());
    }

    @Test
    void a14_a17_a18_finalizeRefusals() {
        RunRef run = newRun();
        String id = UUID.randomUUID().toString().replace("-", "");
        s3.clear();
        assertEquals(Map.of("error", "Artifact storage path is invalid for this run"), JsonValues.map(
                run.post("artifacts/finalize_upload/", body(item("id", id, "name", "spec.pdf", "type", "plan",
                        "storage_path", run.prefix() + "/wrong-prefix_spec.pdf"))).expect(400).json()));
        assertEquals(List.of(), s3.requests(), "no storage call for a wrong path");
        assertEquals(Map.of("error", "Artifact upload not found in object storage"), JsonValues.map(
                run.post("artifacts/finalize_upload/", body(item("id", id, "name", "spec.pdf", "type", "plan",
                        "storage_path", run.prefix() + "/" + shortId(id) + "_spec.pdf"))).expect(400).json()));
        String big = uploadedObject(run, id, "big.pdf", 10_485_761, "application/pdf");
        JsonNode error = run.post("artifacts/finalize_upload/", body(item("id", id, "name", "big.pdf",
                "type", "user_attachment", "storage_path", big))).expect(400).json();
        assertEquals(1, error.size());
        assertTrue(error.get("error").asText().contains("10MB attachment limit for PDFs"), error.toString());
        String otherId = UUID.randomUUID().toString().replace("-", "");
        String octets = uploadedObject(run, otherId, "big.bin", 10_485_761, "application/pdf");
        assertEquals("big.bin exceeds the 10MB attachment limit", run.post("artifacts/finalize_upload/",
                body(item("id", otherId, "name", "big.bin", "type", "user_attachment", "storage_path", octets)))
                .expect(400).json().get("error").asText(), "the stored media type counts when none is sent");
        run.post("artifacts/finalize_upload/", body(item("id", id, "name", "a", "type", "plan", "storage_path", big),
                item("id", id, "name", "b", "type", "plan", "storage_path", big)))
                .expectError(400, "invalid_input", "Duplicate artifact id in this request", "artifacts__1__id");
        run.post("artifacts/finalize_upload/", body(item("name", "a", "type", "plan", "storage_path", big)))
                .expectError(400, "required", "This field is required.", "artifacts__0__id");
        run.post("artifacts/finalize_upload/", body(item("id", "i".repeat(129), "name", "a", "type", "plan",
                "storage_path", big)))
                .expectError(400, "max_length", "Ensure this field has no more than 128 characters.", "artifacts__0__id");
        run.post("artifacts/finalize_upload/", body(item("id", id, "name", "a", "type", "plan",
                "storage_path", "p".repeat(501))))
                .expectError(400, "max_length", "Ensure this field has no more than 500 characters.",
                        "artifacts__0__storage_path");
        assertEquals(0, run.manifest().size());
    }

    @Test
    void a19_finalizeIsAllOrNothing() {
        RunRef run = newRun();
        String first = UUID.randomUUID().toString().replace("-", "");
        String second = UUID.randomUUID().toString().replace("-", "");
        String present = uploadedObject(run, first, "a.md", 5, "text/markdown");
        s3.clear();
        assertEquals(Map.of("error", "Artifact upload not found in object storage"), JsonValues.map(
                run.post("artifacts/finalize_upload/", body(
                        item("id", first, "name", "a.md", "type", "plan", "storage_path", present),
                        item("id", second, "name", "b.md", "type", "plan",
                                "storage_path", run.prefix() + "/" + shortId(second) + "_b.md"))).expect(400).json()));
        assertEquals(0, run.manifest().size());
        assertEquals(List.of(), tagWrites(run.prefix()), "nothing tagged");
    }

    // --- download and presign (docs/artifacts.md#download, docs/artifacts.md#presigned-downloads)

    @Test
    void a20_a21_presignSignsOnlyWhatThisRunLists() {
        RunRef run = newRun();
        setManifest(run, "[{\"name\":\"plan.md\",\"type\":\"plan\",\"storage_path\":"
                + "\"tasks/artifacts/team_1/task_2/run_3/plan.md\"}]");
        JsonNode presigned = run.post("artifacts/presign/", Map.of("storage_path",
                "tasks/artifacts/team_1/task_2/run_3/plan.md")).expect(200).json();
        assertTrue(presigned.get("url").asText().contains("/tasks/tasks/artifacts/team_1/task_2/run_3/plan.md"),
                presigned.toString());
        assertEquals(3600, presigned.get("expires_in").asLong());
        assertEquals(2, presigned.size());
        assertEquals(Map.of("error", "Artifact not found on this run"), JsonValues.map(run.post("artifacts/presign/",
                Map.of("storage_path", "unknown")).expect(404).json()));
        run.post("artifacts/presign/", Map.of()).expectError(400, "required", "This field is required.", "storage_path");
    }

    @Test
    void a22_a23_a24_downloadStreamsTheObjectWithItsHeaders() {
        RunRef run = newRun();
        String path = run.post("artifacts/", body(item("name", "plan.md", "type", "plan", "content", "artifact bytes",
                "content_type", "text/markdown"))).expect(200).json().at("/artifacts/0/storage_path").asText();
        ApiResponse download = run.post("artifacts/download/", Map.of("storage_path", path)).expect(200);
        assertEquals("artifact bytes", download.text());
        assertEquals("text/markdown", download.header("Content-Type"));
        assertEquals("no-cache", download.header("Cache-Control"));
        assertTrue(download.header("Content-Disposition").contains("attachment; filename=\"plan.md\""),
                download.header("Content-Disposition"));
        RunRef empty = newRun();
        assertEquals(Map.of("error", "Artifact not found on this run"), JsonValues.map(empty.post(
                "artifacts/download/", Map.of("storage_path", path)).expect(404).json()));
        S3Objects.delete(path);
        assertEquals(Map.of("error", "Artifact content not found"), JsonValues.map(run.post("artifacts/download/",
                Map.of("storage_path", path)).expect(404).json()));
    }

    @Test
    void downloadNamesNonAsciiFilesBothWays() {
        RunRef run = newRun();
        String path = run.post("artifacts/", body(item("name", "résumé \"v2\".txt", "type", "output", "content", "x")))
                .expect(200).json().at("/artifacts/0/storage_path").asText();
        String disposition = run.post("artifacts/download/", Map.of("storage_path", path)).expect(200)
                .header("Content-Disposition");
        assertEquals("attachment; filename=\"r_sum_ _v2_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.txt",
                disposition);
    }

    @Test
    void a25_a26_downloadFollowsTheResumeChainPresignDoesNot() {
        RunRef parent = newRun();
        String path = parent.post("artifacts/", body(item("name", "checkpoint.pack", "type", "tree_snapshot",
                "content", "pack bytes"))).expect(200).json().at("/artifacts/0/storage_path").asText();
        parent.member().api().patch(parent.path(), Map.of("status", "completed")).expect(200);
        RunRef child = newRun(parent.member(), parent.task(), Map.of("state", Map.of("resume_from_run_id",
                parent.run())));
        assertEquals("pack bytes", child.post("artifacts/download/", Map.of("storage_path", path)).expect(200).text());
        child.post("artifacts/presign/", Map.of("storage_path", path)).expect(404);
        // A run of another task that names the parent does not reach its artifacts.
        String otherTask = fixtures().newTask(parent.member(), Map.of("title", "other")).get("id").asText();
        RunRef stranger = newRun(parent.member(), otherTask, Map.of("state", Map.of("resume_from_run_id",
                parent.run())));
        stranger.post("artifacts/download/", Map.of("storage_path", path)).expect(404);
    }

    // --- staged artifacts (docs/artifacts.md#staged-artifacts)

    @Test
    void a30_a31_a32_stagedFinalize() throws Exception {
        RunRef run = newRun();
        String id = UUID.randomUUID().toString().replace("-", "");
        String path = run.stagedPrefix() + id + "/spec.pdf";
        S3Objects.put(path, new byte[4096], "application/pdf");
        s3.clear();
        JsonNode staged = run.staged("finalize_upload/", body(item("id", id, "name", "spec.pdf",
                "type", "user_attachment", "storage_path", path))).expect(200).json().get("artifacts");
        assertEquals(1, staged.size());
        JsonNode entry = staged.get(0);
        assertEquals(id, entry.get("id").asText());
        assertEquals(4096, entry.get("size").asLong());
        assertEquals("application/pdf", entry.get("content_type").asText());
        assertEquals(run.member().id(), entry.get("uploaded_by_user_id").asLong());
        assertFalse(entry.has("url"));
        assertEquals(1, s3.requests("HEAD", path).size());
        assertEquals(1, tagWrites(path).size());
        assertTrue(s3.tagBodies().get(0).contains("<Key>ttl_days</Key><Value>1</Value>"), s3.tagBodies().toString());
        String record = (String) TestEnvironment.get().database().scalar(
                "select entry from staged_artifact where artifact_id = ?", id);
        assertEquals(entry, MAPPER.readTree(record));
        Object expires = TestEnvironment.get().database().scalar(
                "select expires_at from staged_artifact where artifact_id = ?", id);
        assertNotNull(expires);

        s3.clear();
        String other = "tasks/artifacts/team_" + run.member().project() + "/task_" + UUID.randomUUID() + "/staged/"
                + id + "/spec.pdf";
        assertEquals(Map.of("error", "Artifact storage path is invalid for this task"), JsonValues.map(
                run.staged("finalize_upload/", body(item("id", id, "name", "spec.pdf", "type", "user_attachment",
                        "storage_path", other))).expect(400).json()));
        assertEquals(List.of(), s3.requests());

        String first = UUID.randomUUID().toString().replace("-", "");
        String second = UUID.randomUUID().toString().replace("-", "");
        S3Objects.put(run.stagedPrefix() + first + "/a.md", new byte[3], "text/markdown");
        s3.clear();
        run.staged("finalize_upload/", body(
                item("id", first, "name", "a.md", "type", "plan", "storage_path", run.stagedPrefix() + first + "/a.md"),
                item("id", second, "name", "b.md", "type", "plan", "storage_path",
                        run.stagedPrefix() + second + "/b.md"))).expect(400);
        assertEquals(0L, ((Number) TestEnvironment.get().database().scalar(
                "select count(*) from staged_artifact where artifact_id = ?", first)).longValue());
        assertEquals(List.of(), tagWrites(run.stagedPrefix()));
    }

    @Test
    void stagedRoutesNeedAControllableTask() {
        RunRef run = newRun();
        Member stranger = fixtures().newMember();
        stranger.api().post(TASKS + run.task() + "/staged_artifacts/prepare_upload/", body(item("name", "a",
                "type", "plan", "size", 1))).expectError(404, "not_found", "Task not found", null);
        stranger.api().post(TASKS + UUID.randomUUID() + "/staged_artifacts/finalize_upload/", body(item("id", "x",
                "name", "a", "type", "plan", "storage_path", "p"))).expectError(404, "not_found", "Task not found", null);
        run.member().api().post(TASKS + run.task() + "/staged_artifacts/prepare_upload/", Map.of("artifacts", List.of()))
                .expectError(400, "invalid_input", "At least one artifact is required", "artifacts");
    }

    // --- who uploaded (A34) and concurrency (A35)

    @Test
    void a34_theSandboxKeyUploadsAsTheAgent() {
        RunRef run = newRun();
        String value = "phx_sandbox" + UUID.randomUUID().toString().replace("-", "");
        TestEnvironment.get().database().update("insert into personal_api_key (id, user_id, label, secure_value,"
                        + " mask_value, scopes, scoped_teams, created_at, sandbox_run_id, sandbox_task_id, expires_at)"
                        + " values (?, ?, 'sandbox', ?, 'phx_...', '[\"task:read\",\"task:write\"]', ?, ?, ?, ?, ?)",
                UUID.randomUUID(), run.member().id(), ApiKeySecret.digestOf(value),
                "[" + run.member().project() + "]", OffsetDateTime.now(), UUID.fromString(run.run()),
                UUID.fromString(run.task()), OffsetDateTime.now().plusHours(1));
        Api sandbox = run.member().api().withKey(value);
        JsonNode entry = sandbox.post(run.path() + "artifacts/", body(item("name", "out.md", "type", "output",
                "content", "x"))).expect(200).json().at("/artifacts/0");
        assertEquals("agent", entry.get("uploaded_by").asText());
        assertFalse(entry.has("uploaded_by_user_id"));
        String id = UUID.randomUUID().toString().replace("-", "");
        String path = uploadedObject(run, id, "f.md", 1, "text/markdown");
        JsonNode finalized = sandbox.post(run.path() + "artifacts/finalize_upload/", body(item("id", id, "name", "f.md",
                "type", "output", "storage_path", path))).expect(200).json().at("/artifacts/0");
        assertEquals("agent", finalized.get("uploaded_by").asText());
        assertFalse(finalized.has("uploaded_by_user_id"), "agents are not users");
        assertTrue(run.member().api().get("/api/personal_api_keys/").expect(200).text().indexOf("sandbox") < 0,
                "sandbox keys are not listed with the user's keys");
    }

    @Test
    void a35_concurrentUploadsToOneRunLoseNoEntry() throws Exception {
        RunRef run = newRun();
        int writers = 12;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String id = UUID.randomUUID().toString().replace("-", "");
            ids.add(id);
            uploadedObject(run, id, "f" + i + ".md", 3, "text/markdown");
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String id = ids.get(i);
                String name = "f" + i + ".md";
                Callable<Integer> call = i % 3 == 0
                        ? () -> run.post("artifacts/", body(item("name", "inline-" + name, "type", "plan",
                                "content", "x"))).status()
                        : () -> run.post("artifacts/finalize_upload/", body(item("id", id, "name", name,
                                "type", "plan", "storage_path", run.prefix() + "/" + shortId(id) + "_" + name))).status();
                results.add(pool.submit(call));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode manifest = run.manifest();
        assertEquals(writers, manifest.size(), manifest.toString());
        List<String> listed = ids(manifest);
        for (int i = 0; i < writers; i++) {
            if (i % 3 != 0) {
                assertTrue(listed.contains(ids.get(i)), ids.get(i));
            }
        }
    }

    // --- scopes, other runs, other projects

    @Test
    void artifactRoutesKeepToScopesRunsAndProjects() {
        RunRef run = newRun();
        String path = run.post("artifacts/", body(item("name", "p.md", "type", "plan", "content", "x")))
                .expect(200).json().at("/artifacts/0/storage_path").asText();
        Api reader = fixtures().keyFor(run.member(), Map.of("label", "reader", "scopes", List.of("task:read")));
        reader.post(run.path() + "artifacts/", body(item("name", "p.md", "type", "plan", "content", "x"))).expect(403);
        reader.post(run.path() + "artifacts/prepare_upload/", body(item("name", "p", "type", "plan", "size", 1)))
                .expect(403);
        reader.post(run.path() + "artifacts/download/", Map.of("storage_path", path)).expect(200);
        reader.post(run.path() + "artifacts/presign/", Map.of("storage_path", path)).expect(200);
        Member stranger = fixtures().newMember();
        stranger.api().post(run.path() + "artifacts/download/", Map.of("storage_path", path))
                .expectError(404, "not_found", "Task not found", null);
        run.member().api().post(TASKS + run.task() + "/runs/" + UUID.randomUUID() + "/artifacts/download/",
                Map.of("storage_path", path)).expectError(404, "not_found", "Not found.", null);
        // Another run of the same task cannot finalize or download this run's objects.
        RunRef sibling = newRun(run.member(), run.task(), Map.of());
        String id = path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('/') + 9);
        assertEquals(Map.of("error", "Artifact storage path is invalid for this run"), JsonValues.map(sibling.post(
                "artifacts/finalize_upload/", body(item("id", id + "0000", "name", "p.md", "type", "plan",
                        "storage_path", path))).expect(400).json()));
        sibling.post("artifacts/download/", Map.of("storage_path", path)).expect(404);
    }

    @Test
    void pathTricksNeverReachAnotherObject() {
        RunRef run = newRun();
        RunRef victim = newRun();
        String secret = victim.post("artifacts/", body(item("name", "secret.md", "type", "plan", "content", "secret")))
                .expect(200).json().at("/artifacts/0/storage_path").asText();
        String id = "abcdef0123456789";
        String p = run.prefix();
        List<String> tricks = List.of(
                p + "/../../../task_x/run_y/" + id.substring(0, 8) + "_x",
                p + "/" + id.substring(0, 8) + "_x/../../../../../" + secret,
                p + "/./" + id.substring(0, 8) + "_x",
                p + "//" + id.substring(0, 8) + "_x",
                p + "/" + id.substring(0, 8) + "_x/..",
                p + "/" + id.substring(0, 8) + "_%2e%2e/x",
                p + "_evil/" + id.substring(0, 8) + "_x",
                p + "/" + id.substring(0, 8) + "_a\nb",
                victim.prefix() + "/" + id.substring(0, 8) + "_x");
        s3.clear();
        for (String trick : tricks) {
            assertEquals(Map.of("error", "Artifact storage path is invalid for this run"), JsonValues.map(run.post(
                    "artifacts/finalize_upload/", body(item("id", id, "name", "x", "type", "plan",
                            "storage_path", trick))).expect(400).json()), trick);
            run.post("artifacts/download/", Map.of("storage_path", trick)).expect(404);
            run.post("artifacts/presign/", Map.of("storage_path", trick)).expect(404);
        }
        assertEquals(List.of(), s3.requests(), "no trick reached the store");
        // Even a manifest entry that holds a dot-segment path (written around the API) is never read or signed.
        String dotted = p + "/../../../" + secret.substring("tasks/artifacts/".length());
        setManifest(run, "[{\"id\":\"d\",\"name\":\"d\",\"type\":\"plan\",\"storage_path\":" + quote(dotted) + "}]");
        s3.clear();
        assertEquals(Map.of("error", "Artifact content not found"), JsonValues.map(run.post("artifacts/download/",
                Map.of("storage_path", dotted)).expect(404).json()));
        assertEquals(Map.of("error", "Unable to generate download URL"), JsonValues.map(run.post("artifacts/presign/",
                Map.of("storage_path", dotted)).expect(400).json()));
        assertEquals(List.of(), s3.requests());
        assertEquals("secret", victim.post("artifacts/download/", Map.of("storage_path", secret)).expect(200).text());
    }

    // --- the failure matrix (docs/artifacts.md#when-the-object-store-fails): a store that refuses, hangs, or is gone,
    // and comes back

    @Test
    void storeFailuresGetTheSpecsAnswersInBoundedTimeAndTheServiceRecovers() {
        RunRef run = newRun();
        JsonNode before = run.post("artifacts/", body(item("name", "kept.md", "type", "plan", "content", "kept")))
                .expect(200).json().get("artifacts");
        String kept = before.at("/0/storage_path").asText();
        String id = UUID.randomUUID().toString().replace("-", "");
        String staged = run.stagedPrefix() + id + "/s.md";
        S3Objects.put(staged, new byte[2], "text/markdown");
        String finalizable = uploadedObject(run, id, "late.md", 4, "text/markdown");
        try {
            for (S3Recorder.Mode mode : List.of(S3Recorder.Mode.REFUSE, S3Recorder.Mode.HANG)) {
                s3.mode(mode);
                expectStoreFailureAnswers(run, kept, id, finalizable, staged, mode.name());
            }
            s3.mode(S3Recorder.Mode.FORWARD);
            s3.stop();
            TestEnvironment.get().stopS3Server();
            expectStoreFailureAnswers(run, kept, id, finalizable, staged, "stopped");
            assertEquals(before, run.manifest(), "the manifest is unchanged by every failure");
        } finally {
            s3.mode(S3Recorder.Mode.FORWARD);
            TestEnvironment.get().startS3Server();
            s3.start();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        ApiResponse upload;
        do {
            upload = run.post("artifacts/", body(item("name", "back.md", "type", "plan", "content", "back")));
            if (upload.status() != 200) {
                sleep(500);
            }
        } while (upload.status() != 200 && System.nanoTime() < deadline);
        assertEquals(200, upload.status(), "the service recovers by itself: " + upload.text());
        assertEquals("kept", run.post("artifacts/download/", Map.of("storage_path", kept)).expect(200).text());
        assertEquals(200, run.post("artifacts/finalize_upload/", body(item("id", id, "name", "late.md", "type", "plan",
                "storage_path", finalizable))).status());
        assertEquals(3, run.manifest().size());
    }

    private void expectStoreFailureAnswers(RunRef run, String kept, String id, String finalizable, String staged,
                                           String situation) {
        long started = System.nanoTime();
        run.post("artifacts/", body(item("name", "new.md", "type", "plan", "content", "x")))
                .expectError(500, "error", "A server error occurred.", null);
        assertEquals(Map.of("error", "Artifact upload not found in object storage"), JsonValues.map(run.post(
                "artifacts/finalize_upload/", body(item("id", id, "name", "late.md", "type", "plan",
                        "storage_path", finalizable))).expect(400).json()), situation);
        assertEquals(Map.of("error", "Unable to read artifact"), JsonValues.map(run.post("artifacts/download/",
                Map.of("storage_path", kept)).expect(400).json()), situation);
        assertEquals(Map.of("error", "Artifact upload not found in object storage"), JsonValues.map(run.staged(
                "finalize_upload/", body(item("id", id, "name", "s.md", "type", "plan", "storage_path", staged)))
                .expect(400).json()), situation);
        // Signing needs no round trip to the store: presign and prepare still answer.
        run.post("artifacts/presign/", Map.of("storage_path", kept)).expect(200);
        run.post("artifacts/prepare_upload/", body(item("name", "p.md", "type", "plan", "size", 3))).expect(200);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 30, situation + ": six requests took " + seconds + " s");
    }

    // --- helpers

    private static void setManifest(RunRef run, String json) {
        TestEnvironment.get().database().update("update task_run set artifacts = ? where id = ?", json,
                UUID.fromString(run.run()));
    }

    private static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(JsonNode manifest) {
        List<String> ids = new ArrayList<>();
        manifest.forEach(entry -> ids.add(entry.get("id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<byte[]> fetch(String url) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot fetch " + url, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
