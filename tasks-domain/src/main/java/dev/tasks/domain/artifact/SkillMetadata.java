package dev.tasks.domain.artifact;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metadata of an artifact (docs/artifacts.md#skill-bundle-metadata): required on skill bundles, optional elsewhere,
 * always all five fields. Other keys a client sends are dropped.
 */
public record SkillMetadata(String skillName, String skillSource, String contentSha256, String bundleFormat,
                            long schemaVersion) {

    /** The fields in the order they are checked and stored. */
    public static final List<String> FIELDS =
            List.of("skill_name", "skill_source", "content_sha256", "bundle_format", "schema_version");
    public static final Set<String> SOURCES = Set.of("user", "repo", "marketplace", "codex");
    public static final Set<String> FORMATS = Set.of("zip");
    public static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");
    public static final int MAX_NAME_LENGTH = 255;

    public SkillMetadata {
        Objects.requireNonNull(skillName, "skillName");
        if (skillName.isBlank() || !SOURCES.contains(skillSource) || !SHA256.matcher(contentSha256).matches()
                || !FORMATS.contains(bundleFormat) || schemaVersion < 1) {
            throw new IllegalArgumentException("invalid skill metadata");
        }
    }

    /** The stored form, as validated. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("skill_name", skillName);
        map.put("skill_source", skillSource);
        map.put("content_sha256", contentSha256);
        map.put("bundle_format", bundleFormat);
        map.put("schema_version", schemaVersion);
        return map;
    }
}
