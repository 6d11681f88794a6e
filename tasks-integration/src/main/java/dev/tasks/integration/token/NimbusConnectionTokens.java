package dev.tasks.integration.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tasks.domain.sandbox.ConnectionClaims;
import dev.tasks.domain.sandbox.ConnectionTokens;
import dev.tasks.domain.sandbox.SigningKeyStore;
import dev.tasks.domain.sandbox.VerificationKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.logging.Logger;

/**
 * Connection tokens signed with nimbus-jose-jwt (docs/cloud-runs.md#connection-tokens): the configured keys, or the key
 * the installation generated once and keeps in its database ({@link SigningKeyStore}). Keys are loaded
 * at start-up ({@link #initialize}), so a malformed configured key stops the start.
 */
@ApplicationScoped
public class NimbusConnectionTokens implements ConnectionTokens {

    private static final Logger LOG = Logger.getLogger(NimbusConnectionTokens.class.getName());

    @Inject
    JwtSettings settings;

    @Inject
    SigningKeyStore store;

    private volatile List<SigningKey> keys;

    /** Loads (or generates and stores) the signing keys; idempotent. */
    public synchronized void initialize() {
        if (keys != null) {
            return;
        }
        List<SigningKey> loaded = new ArrayList<>(2);
        if (settings.primary().isPresent()) {
            loaded.add(SigningKey.fromPem(settings.primary().get(), "TASKS_JWT_PRIVATE_KEY"));
        } else {
            byte[] stored = store.find().orElseGet(() -> {
                byte[] kept = store.keepFirst(SigningKey.generatePkcs8());
                LOG.info("Connection tokens are signed with a key generated for this installation"
                        + " (TASKS_JWT_PRIVATE_KEY is not set); it is kept in the database");
                return kept;
            });
            loaded.add(SigningKey.fromPkcs8(stored));
        }
        settings.secondary().map(pem -> SigningKey.fromPem(pem, "TASKS_JWT_PRIVATE_KEY_SECONDARY"))
                .filter(secondary -> !secondary.keyId().equals(loaded.get(0).keyId()))
                .ifPresent(loaded::add);
        keys = List.copyOf(loaded);
    }

    @Override
    public String sign(ConnectionClaims claims, String keyId) {
        SigningKey key = loaded().stream().filter(candidate -> candidate.keyId().equals(keyId)).findFirst()
                .orElse(loaded().get(0));
        JWTClaimsSet set = new JWTClaimsSet.Builder()
                .claim("run_id", claims.run().toString())
                .claim("task_id", claims.task().toString())
                .claim("team_id", claims.team().value())
                .claim("user_id", claims.user().value())
                .claim("distinct_id", claims.distinctId())
                .claim("mode", claims.mode())
                .audience(ConnectionClaims.AUDIENCE)
                .issueTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.keyId())
                .build();
        SignedJWT token = new SignedJWT(header, set);
        try {
            token.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a connection token", e);
        }
        return token.serialize();
    }

    @Override
    public VerificationKey primary() {
        return loaded().get(0).verificationKey(true);
    }

    @Override
    public List<VerificationKey> keys() {
        List<SigningKey> all = loaded();
        List<VerificationKey> result = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            result.add(all.get(i).verificationKey(i == 0));
        }
        return result;
    }

    private List<SigningKey> loaded() {
        if (keys == null) {
            initialize();
        }
        return keys;
    }
}
