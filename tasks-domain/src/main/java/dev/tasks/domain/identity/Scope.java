package dev.tasks.domain.identity;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.Locale;

/**
 * One permission a personal API key carries: {@code *} (everything) or {@code <object>:<access>}.
 * Write access includes read access.
 */
public record Scope(Resource resource, Access access) {

    public static final Scope ALL = new Scope(null, null);

    /** What a scope guards. */
    public enum Resource {
        TASK, PROJECT, USER, INTEGRATION;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Read, or read and write. */
    public enum Access {
        READ, WRITE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Scope {
        if ((resource == null) != (access == null)) {
            throw new IllegalArgumentException("a scope names both a resource and an access, or neither");
        }
    }

    public static Scope of(Resource resource, Access access) {
        return new Scope(resource, access);
    }

    /** Parses the wire form; anything else is {@code Invalid scope: <text>}. */
    public static Scope parse(String text) {
        if ("*".equals(text)) {
            return ALL;
        }
        int colon = text.indexOf(':');
        if (colon > 0) {
            Resource resource = resource(text.substring(0, colon));
            Access access = access(text.substring(colon + 1));
            if (resource != null && access != null) {
                return new Scope(resource, access);
            }
        }
        throw new InvalidValueException("scopes", "Invalid scope: " + text);
    }

    private static Resource resource(String name) {
        for (Resource resource : Resource.values()) {
            if (resource.wireName().equals(name)) {
                return resource;
            }
        }
        return null;
    }

    private static Access access(String name) {
        for (Access access : Access.values()) {
            if (access.wireName().equals(name)) {
                return access;
            }
        }
        return null;
    }

    public boolean isAll() {
        return resource == null;
    }

    /** Whether holding this scope grants {@code required}. */
    public boolean grants(Scope required) {
        if (isAll()) {
            return true;
        }
        if (required.isAll()) {
            return false;
        }
        return resource == required.resource && (access == Access.WRITE || required.access == Access.READ);
    }

    public String wireName() {
        return isAll() ? "*" : resource.wireName() + ":" + access.wireName();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
