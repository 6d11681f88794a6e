package dev.tasks.domain.run;

import java.time.Instant;
import java.util.Optional;

/**
 * The secrets port (docs/runs.md#github-tokens): the GitHub token a caller hands over for a user-authored cloud
 * run. Stored encrypted, never returned by the API, deleted when the run's sandbox is released.
 */
public interface RunSecrets {

    void storeGithubToken(RunId run, String token, Instant now);

    Optional<String> githubToken(RunId run);

    /** Forgets the run's secrets (the run ended). */
    void delete(RunId run);
}
