package dev.tasks.domain.shared;

/**
 * The installation's root secret, as key material for one purpose at a time ({@code "log-url"},
 * {@code "github-token"}, ...): no two purposes share a key, and the root secret never leaves its
 * adapter.
 */
public interface Secrets {

    /** 32 bytes of key material for {@code purpose}. */
    byte[] derive(String purpose);
}
