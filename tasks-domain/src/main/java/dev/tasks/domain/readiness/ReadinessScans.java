package dev.tasks.domain.readiness;

import dev.tasks.domain.identity.ProjectId;
import java.time.Instant;

/**
 * At most one full repository scan per project at a time, whichever instance runs it: a lease that
 * the scanning request takes and gives back, and that expires on its own should its holder die.
 * Others wait for the scan or answer from the cache meanwhile (readiness refresh limit).
 */
public interface ReadinessScans {

    /** Takes the project's lease for {@code holder} until {@code expiresAt}; false while another holds it. */
    boolean begin(ProjectId project, String holder, Instant now, Instant expiresAt);

    /** Gives the lease back, if {@code holder} still holds it. */
    void end(ProjectId project, String holder);
}
