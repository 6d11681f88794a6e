package dev.tasks.domain.artifact;

import java.util.Locale;

/** What an artifact is for (artifacts.md §1.1). */
public enum ArtifactType {
    PLAN, CONTEXT, REFERENCE, OUTPUT, ARTIFACT, TREE_SNAPSHOT, USER_ATTACHMENT, SKILL_BUNDLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of a wire name, or null for anything else. */
    public static ArtifactType fromWire(String name) {
        for (ArtifactType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
