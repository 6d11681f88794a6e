package dev.tasks.web.cloud;

import dev.tasks.domain.identity.User;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.sandbox.ConnectionClaims;
import dev.tasks.domain.sandbox.ConnectionTokens;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connection tokens for a run's agent (docs/cloud-runs.md#connection-tokens): signed for a user with the key the run's
 * sandbox was given ({@code state.sandbox_jwt_kid}), or the primary key. An RSA signature costs about a
 * millisecond, so a token is reused for {@link #REUSE} (its expiry stays within a minute of a fresh
 * one's); at most {@link #CACHED} are remembered.
 */
@ApplicationScoped
public class AgentConnections {

    /** The state key naming the key the sandbox verifies tokens with. */
    public static final String KEY_ID = "sandbox_jwt_kid";
    static final Duration REUSE = Duration.ofSeconds(30);
    static final int CACHED = 10_000;

    /** What a token says apart from when it was issued, and the key it is signed with. */
    private record Identity(ConnectionClaims claims, String keyId) {
    }

    private record Signed(String token, Instant issuedAt) {
    }

    @Inject
    ConnectionTokens tokens;

    @Inject
    Clock clock;

    private final Map<Identity, Signed> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Identity, Signed> eldest) {
            return size() > CACHED;
        }
    };

    public String token(Run run, User user) {
        String keyId = run.state().get(KEY_ID) instanceof String kid ? kid : null;
        Instant now = Timestamps.now(clock);
        Identity identity = new Identity(ConnectionClaims.of(run, user, Instant.EPOCH), keyId);
        synchronized (recent) {
            Signed cached = recent.get(identity);
            if (cached != null && cached.issuedAt().plus(REUSE).isAfter(now)) {
                return cached.token();
            }
        }
        String token = tokens.sign(ConnectionClaims.of(run, user, now), keyId);
        synchronized (recent) {
            recent.put(identity, new Signed(token, now));
        }
        return token;
    }
}
