package dev.tasks.domain.shared;

import java.util.Locale;

/** An enumeration whose values travel as their lower-case names ({@code in_progress}, {@code cloud}). */
public interface WireEnum {

    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose wire name is {@code name}, or null for anything else. */
    static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(name)) {
                return constant;
            }
        }
        return null;
    }
}
