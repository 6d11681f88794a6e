package dev.tasks.web.cloud;

import dev.tasks.domain.identity.User;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.sandbox.ConnectionClaims;
import dev.tasks.domain.sandbox.ConnectionTokens;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Connection tokens for a run's agent (cloud.md §3): signed for a user with the key the run's sandbox
 * was given ({@code state.sandbox_jwt_kid}), or the primary key.
 */
@ApplicationScoped
public class AgentConnections {

    /** The state key naming the key the sandbox verifies tokens with. */
    public static final String KEY_ID = "sandbox_jwt_kid";

    @Inject
    ConnectionTokens tokens;

    @Inject
    Clock clock;

    public String token(Run run, User user) {
        String keyId = run.state().get(KEY_ID) instanceof String kid ? kid : null;
        return tokens.sign(ConnectionClaims.of(run, user, Timestamps.now(clock)), keyId);
    }
}
