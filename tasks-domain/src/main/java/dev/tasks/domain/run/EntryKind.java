package dev.tasks.domain.run;

import java.util.Locale;

/** Who wrote an entry of a run's sequence: the agent ({@code log}) or the server ({@code event}). */
public enum EntryKind {
    LOG, EVENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
