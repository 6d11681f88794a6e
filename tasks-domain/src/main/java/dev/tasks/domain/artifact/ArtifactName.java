package dev.tasks.domain.artifact;

/**
 * The name an artifact is stored and listed under (docs/artifacts.md#safe-names): the part after the last
 * {@code /}, trimmed, {@code artifact} when nothing is left. Backslashes are kept, so no name can
 * climb out of the key prefix it is appended to.
 */
public record ArtifactName(String value) {

    static final String FALLBACK = "artifact";

    public ArtifactName {
        if (value == null || value.isEmpty() || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a safe name is non-empty and has no slash: " + value);
        }
    }

    /** The safe name of whatever name a client sent. */
    public static ArtifactName safe(String requested) {
        String tail = requested.substring(requested.lastIndexOf('/') + 1).strip();
        return new ArtifactName(tail.isEmpty() ? FALLBACK : tail);
    }

    @Override
    public String toString() {
        return value;
    }
}
