package dev.tasks.integration.usage;

import dev.tasks.domain.run.UsageGate;

/** The default gate, {@code none}: every cloud run is allowed. */
public final class NoUsageGate implements UsageGate {

    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(Request request) {
        return UsageGate.allow();
    }
}
