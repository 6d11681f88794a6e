package dev.tasks.domain.artifact;

import dev.tasks.domain.shared.WireEnum;

/** Who put an artifact on a run (docs/artifacts.md#the-manifest): the run's sandbox agent, or a user. */
public enum Uploader implements WireEnum {
    AGENT, USER
}
