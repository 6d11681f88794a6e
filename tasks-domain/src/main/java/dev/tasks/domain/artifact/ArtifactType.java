package dev.tasks.domain.artifact;

import dev.tasks.domain.shared.WireEnum;

/** What an artifact is for (docs/artifacts.md#artifact-types). */
public enum ArtifactType implements WireEnum {
    PLAN, CONTEXT, REFERENCE, OUTPUT, ARTIFACT, TREE_SNAPSHOT, USER_ATTACHMENT, SKILL_BUNDLE;

    /** The type of a wire name, or null for anything else. */
    public static ArtifactType fromWire(String name) {
        return WireEnum.fromWire(ArtifactType.class, name);
    }
}
