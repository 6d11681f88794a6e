package dev.tasks.domain.artifact;

import dev.tasks.domain.shared.WireEnum;

/** Who put an artifact on a run (artifacts.md §1.7): the run's sandbox agent, or a user. */
public enum Uploader implements WireEnum {
    AGENT, USER
}
