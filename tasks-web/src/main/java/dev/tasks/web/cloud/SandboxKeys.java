package dev.tasks.web.cloud;

import dev.tasks.domain.identity.ApiKeySecret;
import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.PersonalApiKeys;
import dev.tasks.domain.identity.SandboxBinding;
import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.identity.Scopes;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sandbox keys (docs/cloud-runs.md#sandbox-keys): the personal API key a run's agent works with, minted for the user
 * who started the run, limited to the run's project, bound to the run's task, and gone when the run
 * completes or at {@code TASKS_SANDBOX_TTL_SECONDS} + 1 h at the latest.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SandboxKeys {

    /** A sandbox key outlives its sandbox's lifetime by this much at most. */
    static final Duration GRACE = Duration.ofHours(1);
    static final Scopes SCOPES = Scopes.of(Scope.of(Scope.Resource.TASK, Scope.Access.READ),
            Scope.of(Scope.Resource.TASK, Scope.Access.WRITE));

    @Inject
    PersonalApiKeys keys;

    @Inject
    CloudSettings settings;

    @Inject
    SecureRandom random;

    /** Mints the key for {@code run}'s agent; the value is returned once and only its digest is stored. */
    public String mint(Run run, UserId startedBy, Instant now) {
        ApiKeySecret secret = ApiKeySecret.generate(random);
        keys.add(new PersonalApiKey(UUID.randomUUID(), startedBy, "sandbox:" + run.id(), secret.digest(),
                secret.mask(), SCOPES, List.of(run.project()), now, null,
                new SandboxBinding(run.id().value(), run.task().value(), now.plus(settings.sandboxTtl()).plus(GRACE))));
        return secret.value();
    }

    public void revoke(RunId run) {
        keys.revokeSandboxKeys(run.value());
    }

    /** The user the run's key was minted for, while it has one. */
    public Optional<UserId> owner(RunId run) {
        return keys.sandboxKeyOwner(run.value());
    }
}
