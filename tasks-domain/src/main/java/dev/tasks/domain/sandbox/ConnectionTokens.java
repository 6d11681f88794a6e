package dev.tasks.domain.sandbox;

import java.util.List;

/**
 * Signs connection tokens (docs/cloud-runs.md#connection-tokens): RS256 JWTs that the agent server in a sandbox
 * verifies with the public key it was started with. An installation has a primary signing key and may have a
 * secondary one (a key being rotated out); sandboxes started with either keep working.
 */
public interface ConnectionTokens {

    /**
     * The signed token for {@code claims}: with the key named {@code keyId} when it is one of the
     * installation's keys (the one the run's sandbox was given), else with the primary key.
     */
    String sign(ConnectionClaims claims, String keyId);

    /** The primary key, which new sandboxes are given. */
    VerificationKey primary();

    /** Every key a token may be signed with, the primary first. */
    List<VerificationKey> keys();
}
