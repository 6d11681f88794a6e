package dev.tasks.domain.run;

import dev.tasks.domain.shared.WireEnum;

/** Who wrote an entry of a run's sequence: the agent ({@code log}) or the server ({@code event}). */
public enum EntryKind implements WireEnum {
    LOG, EVENT
}
