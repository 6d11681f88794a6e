package dev.tasks.integration.sandbox;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import java.util.UUID;

/**
 * The default provider, {@code none} (docs/cloud-runs.md#the-none-provider): it knows no environments and fails every
 * {@code create}, so cloud runs end {@code failed} with a message that says why, and everything else
 * works.
 */
public final class NoSandboxProvider implements SandboxProvider {

    public static final String NAME = "none";
    static final String MESSAGE = "No sandbox provider configured";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sandbox create(SandboxRequest request) {
        throw new SandboxException(MESSAGE);
    }

    @Override
    public void destroy(String sandboxId) {
        // It never created one: every id is unknown, which is success.
    }

    @Override
    public boolean isEnvironmentAccessible(ProjectId project, UserId user, UUID environment) {
        return false;
    }
}
