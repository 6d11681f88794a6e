package dev.tasks.domain.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The personal API keys port. */
public interface PersonalApiKeys {

    /**
     * The active user and key for a presented key's digest: empty when no key has that digest or
     * its user is deactivated.
     */
    Optional<Caller> authenticate(String digest);

    /** The user's keys, newest first. */
    List<PersonalApiKey> ownedBy(UserId owner);

    Optional<PersonalApiKey> find(UUID id, UserId owner);

    int countOwnedBy(UserId owner);

    void add(PersonalApiKey key);

    boolean delete(UUID id, UserId owner);

    /** Revokes the sandbox keys minted for a run (docs/cloud-runs.md#sandbox-keys); returns how many there were. */
    int revokeSandboxKeys(UUID run);

    /** The user a run's sandbox key was minted for: the user who started the run's sandbox. */
    Optional<UserId> sandboxKeyOwner(UUID run);

    /** Records a use, at most once per {@link PersonalApiKey#LAST_USED_RESOLUTION}. */
    void recordUse(UUID id, Instant now);
}
