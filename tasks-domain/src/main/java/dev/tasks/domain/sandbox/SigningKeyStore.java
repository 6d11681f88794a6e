package dev.tasks.domain.sandbox;

import java.util.Optional;

/**
 * Keeps the signing key an installation generates for itself when none is configured
 * (docs/cloud-runs.md#signing-keys-and-rotation), so that every instance sharing the database, and every restart, signs
 * with the same key.
 */
public interface SigningKeyStore {

    /** The stored private key (PKCS#8 DER), if one was stored. */
    Optional<byte[]> find();

    /**
     * The stored private key (PKCS#8 DER). When none is stored yet, {@code candidate} is stored and
     * returned; of several instances storing at once exactly one candidate wins, and all get it.
     */
    byte[] keepFirst(byte[] candidate);
}
