package dev.tasks.domain.sandbox;

import java.util.Objects;

/**
 * The public half of a signing key: its id ({@code kid}: the first 16 hex digits of the SHA-256 of
 * the DER-encoded public key) and the PEM text ({@code -----BEGIN PUBLIC KEY-----}) an agent server
 * verifies tokens with.
 */
public record VerificationKey(String keyId, String publicKeyPem, boolean primary) {
    public VerificationKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
    }
}
