package dev.tasks.storage.jpa;

/** Escapes user text for a LIKE pattern whose escape character is {@code !}. */
final class Like {
    private Like() {
    }

    static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
