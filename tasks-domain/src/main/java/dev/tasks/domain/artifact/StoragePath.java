package dev.tasks.domain.artifact;

import java.util.Objects;

/**
 * An object key as a manifest names it ({@code storage_path}, docs/artifacts.md#storage-keys). Any text a client
 * sends can be looked up, but only a plain key ({@link #isPlain}) is ever sent to the object store:
 * non-empty segments, none of them {@code .} or {@code ..}, no control characters. HTTP clients
 * resolve dot segments before a request leaves, so any other key could reach an object it does not
 * spell. Paths compare exactly: a path is found only when it is literally one a manifest names.
 */
public record StoragePath(String value) {

    public StoragePath {
        Objects.requireNonNull(value, "value");
    }

    /** Whether this key names only itself, so it may be sent to the object store. */
    public boolean isPlain() {
        if (value.isEmpty()) {
            return false;
        }
        for (String segment : value.split("/", -1)) {
            if (!isPlainSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this path is {@code prefix/} followed by one plain segment. */
    boolean isDirectlyUnder(String prefix) {
        String start = prefix + "/";
        return value.startsWith(start) && isPlainSegment(value.substring(start.length()));
    }

    /** The last segment, after the last {@code /}. */
    String lastSegment() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    static boolean isPlainSegment(String segment) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0) {
            return false;
        }
        return segment.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    @Override
    public String toString() {
        return value;
    }
}
