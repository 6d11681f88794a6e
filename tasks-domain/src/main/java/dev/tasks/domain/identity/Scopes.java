package dev.tasks.domain.identity;

import dev.tasks.domain.shared.InvalidValueException;
import java.util.List;

/** The scopes of one key, in the order they were given. */
public record Scopes(List<Scope> values) {

    public Scopes {
        values = List.copyOf(values);
    }

    public static Scopes of(Scope... scopes) {
        return new Scopes(List.of(scopes));
    }

    /** Parses the wire form, reporting the first invalid element. */
    public static Scopes parse(List<String> texts) {
        return new Scopes(texts.stream().map(Scope::parse).toList());
    }

    public boolean grants(Scope required) {
        return values.stream().anyMatch(scope -> scope.grants(required));
    }

    /**
     * A key may only create keys it could itself stand in for: every scope requested must be
     * granted by this set.
     */
    public void requireCovers(Scopes requested) {
        for (Scope scope : requested.values) {
            if (!grants(scope)) {
                throw new InvalidValueException("scopes",
                        "Scopes cannot exceed the scopes of the key used to create this key.");
            }
        }
    }

    public List<String> wireNames() {
        return values.stream().map(Scope::wireName).toList();
    }
}
