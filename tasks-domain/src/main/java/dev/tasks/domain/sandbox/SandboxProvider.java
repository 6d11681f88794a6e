package dev.tasks.domain.sandbox;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import java.util.List;
import java.util.UUID;

/**
 * Provisions the sandboxes of cloud runs (docs/cloud-runs.md#sandbox-providers). One provider serves an installation,
 * chosen by name ({@code TASKS_SANDBOX_PROVIDER}) among the implementations registered with
 * {@link java.util.ServiceLoader}; the default, {@code none}, provisions nothing, so cloud runs fail
 * visibly while everything else works.
 */
public interface SandboxProvider {

    /** The name an installation selects this provider by. */
    String name();

    /**
     * Provisions a sandbox and starts the agent server in it; returns once the agent server answers.
     * May block for minutes; throws {@link SandboxException} when no sandbox could be provided.
     */
    Sandbox create(SandboxRequest request);

    /** Releases a sandbox; an unknown id is success. */
    void destroy(String sandboxId);

    /**
     * Whether {@code user} may run sandboxes of {@code environment} in {@code project}
     * (docs/runs.md#sandbox-environments).
     */
    boolean isEnvironmentAccessible(ProjectId project, UserId user, UUID environment);

    /**
     * {@code scheme://host} patterns (host exact or {@code *.suffix}) of the sandbox URLs this provider
     * hands out, added to the installation's allow-list of command targets (docs/cloud-runs.md#sandbox-url-allow-list).
     */
    default List<String> extraAllowedUrlPatterns() {
        return List.of();
    }

    /**
     * Called once when the service starts, on a thread of its own: a provider prepares what its first
     * sandbox needs (an install, a warm pool) so that the first run does not wait for it.
     */
    default void prepare() {
    }

    /**
     * Whether a sandbox this provider handed out is known to be gone (its process ended, or the
     * service restarted under it); false when the provider cannot tell. The watchdog fails the run of
     * a lost sandbox with {@code Sandbox lost}.
     */
    default boolean isLost(String sandboxId) {
        return false;
    }

    /** The service stops: a provider whose sandboxes run in the service's own process tree ends them. */
    default void shutdown() {
    }

    /** A provider's refusal; its message is shown to the user in the run's stream. */
    final class SandboxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SandboxException(String message) {
            super(message);
        }

        public SandboxException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
