package dev.tasks.web.artifacts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.artifact.ArtifactName;
import dev.tasks.domain.artifact.ArtifactType;
import dev.tasks.domain.artifact.SizeLimit;
import dev.tasks.domain.artifact.SkillMetadata;
import dev.tasks.domain.artifact.StoragePath;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.FieldValues;
import dev.tasks.web.http.Fields;
import dev.tasks.web.http.Fields.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The bodies of the artifact endpoints (docs/artifacts.md#request-items): {@code {"artifacts": [item, ...]}},
 * each item read field by field in the order of docs/artifacts.md#request-items, then checked as a whole (metadata
 * rule, content decoding, size limits). The first failure answers, with attr
 * {@code artifacts__<i>__<field>}.
 */
public final class ArtifactRequest {

    static final String LIST = "artifacts";
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_SOURCE_LENGTH = 64;
    private static final int MAX_PATH_LENGTH = 500;
    private static final int MAX_CONTENT_TYPE_LENGTH = 255;

    private ArtifactRequest() {
    }

    /** What every item names: its name (as sent and safe), type, source, content type and metadata. */
    record Described(String requestedName, ArtifactName name, ArtifactType type, String source, String contentType,
                     SkillMetadata metadata) {
        SizeLimit limit() {
            return SizeLimit.of(type, requestedName, contentType);
        }
    }

    /** An inline upload item: its decoded bytes. */
    record Inline(Described described, byte[] bytes) {
    }

    /** A {@code prepare_upload/} item: the size the client announces. */
    record Prepare(Described described, long size) {
    }

    /** A {@code finalize_upload/} item: the id and key {@code prepare_upload/} handed out. */
    record Finalize(String id, Described described, StoragePath storagePath) {
    }

    static List<Inline> inline(Fields body) {
        return items(body, item -> {
            Head head = head(item);
            String content = item.requiredString("content", Text.of(Fields.UNLIMITED).blankAllowed().untrimmed());
            boolean base64 = item.choice("content_encoding", ArtifactRequest::encoding, false)
                    .orElse("utf-8").equals("base64");
            Described described = head.complete(item);
            byte[] bytes = base64 ? decodeBase64(content, item.attr("content"))
                    : content.getBytes(StandardCharsets.UTF_8);
            checkLimit(described, bytes.length, item, "content");
            return new Inline(described, bytes);
        });
    }

    static List<Prepare> prepare(Fields body) {
        return items(body, item -> {
            Head head = head(item);
            long size = item.requiredInteger("size", 1L, SizeLimit.MAX);
            Described described = head.complete(item);
            checkLimit(described, size, item, "size");
            return new Prepare(described, size);
        });
    }

    static List<Finalize> finalize(Fields body) {
        Set<String> ids = new HashSet<>();
        return items(body, item -> {
            String id = item.requiredString("id", Text.of(MAX_ID_LENGTH));
            Head head = head(item);
            String path = item.requiredString("storage_path", Text.of(MAX_PATH_LENGTH));
            Described described = head.complete(item);
            if (!ids.add(id)) {
                throw ApiException.invalidInput("Duplicate artifact id in this request", item.attr("id"));
            }
            return new Finalize(id, described, new StoragePath(path));
        });
    }

    private static <T> List<T> items(Fields body, Function<Fields, T> reader) {
        ArrayNode list = body.requiredList(LIST, true);
        if (list.isEmpty()) {
            throw ApiException.invalidInput("At least one artifact is required", LIST);
        }
        List<T> items = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String attr = LIST + "__" + i;
            ObjectNode item = FieldValues.object(list.get(i), attr);
            items.add(reader.apply(Fields.of(item, attr)));
        }
        return items;
    }

    /**
     * The fields every item starts with in the table of docs/artifacts.md#request-items ({@code name}, {@code type},
     * {@code source}); the column-specific fields follow, then {@link #complete} reads
     * {@code content_type} and {@code metadata} and applies the metadata rule.
     */
    private record Head(String requestedName, ArtifactType type, String source) {

        Described complete(Fields item) {
            String contentType = item.string("content_type", Text.of(MAX_CONTENT_TYPE_LENGTH).blankAllowed())
                    .orElse("");
            SkillMetadata metadata = metadata(item);
            if (metadata == null && type == ArtifactType.SKILL_BUNDLE) {
                throw ApiException.invalidInput("Skill bundle artifacts require metadata", item.attr("metadata"));
            }
            return new Described(requestedName, ArtifactName.safe(requestedName), type, source, contentType, metadata);
        }
    }

    private static Head head(Fields item) {
        String name = item.requiredString("name", Text.of(MAX_NAME_LENGTH));
        ArtifactType type = item.requiredChoice("type", ArtifactType::fromWire);
        String source = item.string("source", Text.of(MAX_SOURCE_LENGTH).blankAllowed()).orElse("");
        return new Head(name, type, source);
    }

    private static SkillMetadata metadata(Fields item) {
        ObjectNode node = item.object("metadata", false).orElse(null);
        if (node == null) {
            return null;
        }
        Fields fields = item.nested("metadata", node);
        String skillName = fields.requiredString("skill_name", Text.of(SkillMetadata.MAX_NAME_LENGTH));
        String skillSource = fields.requiredChoice("skill_source", value ->
                SkillMetadata.SOURCES.contains(value) ? value : null);
        String sha = fields.requiredString("content_sha256", Text.of(Fields.UNLIMITED));
        if (!SkillMetadata.SHA256.matcher(sha).matches()) {
            throw ApiException.validation("invalid", "This value does not match the required pattern.",
                    fields.attr("content_sha256"));
        }
        String format = fields.requiredChoice("bundle_format", value ->
                SkillMetadata.FORMATS.contains(value) ? value : null);
        long version = fields.requiredInteger("schema_version", 1L, null);
        return new SkillMetadata(skillName, skillSource, sha, format, version);
    }

    private static String encoding(String value) {
        return "utf-8".equals(value) || "base64".equals(value) ? value : null;
    }

    /** Strict base64: the standard alphabet, full padding, nothing else (not even line breaks). */
    static byte[] decodeBase64(String content, String attr) {
        if (content.length() % 4 != 0) {
            throw ApiException.invalidInput("Invalid base64 content", attr);
        }
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput("Invalid base64 content", attr);
        }
    }

    private static void checkLimit(Described described, long size, Fields item, String field) {
        try {
            described.limit().check(size, described.name().value(), field);
        } catch (InvalidValueException e) {
            throw item.invalidInput(e);
        }
    }

    /** {@code {"storage_path": ...}} of {@code download/} and {@code presign/}. */
    static StoragePath storagePath(Fields body) {
        return new StoragePath(body.requiredString("storage_path", Text.of(MAX_PATH_LENGTH)));
    }
}
