package dev.tasks.domain.sandbox;

import java.util.Objects;

/**
 * A provisioned sandbox: its provider's id, the base URL of the agent server in it, and the token
 * that server expects, when the provider issues one.
 */
public record Sandbox(String id, String url, String connectToken) {
    public Sandbox {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }
}
