package dev.tasks.domain.run;

import java.time.Instant;
import java.util.Optional;

/**
 * The secrets port (runs.md §5.4): the GitHub token a caller hands over for a user-authored cloud
 * run. Stored encrypted, never returned by the API, deleted when the run ends or after six hours.
 */
public interface RunSecrets {

    void storeGithubToken(RunId run, String token, Instant now);

    Optional<String> githubToken(RunId run);

    /** Forgets the run's secrets (the run ended). */
    void delete(RunId run);
}
