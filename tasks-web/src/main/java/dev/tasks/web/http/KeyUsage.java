package dev.tasks.web.http;

import dev.tasks.domain.identity.PersonalApiKeys;
import dev.tasks.domain.shared.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Records that a key was used, in a transaction of its own; a failure here never fails the request. */
@ApplicationScoped
public class KeyUsage {

    private static final Logger LOG = Logger.getLogger(KeyUsage.class.getName());

    @Inject
    PersonalApiKeys keys;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(UUID key) {
        try {
            keys.recordUse(key, Timestamps.now(clock));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the use of a key", e);
        }
    }
}
