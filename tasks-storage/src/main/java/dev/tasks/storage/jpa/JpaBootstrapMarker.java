package dev.tasks.storage.jpa;

import dev.tasks.domain.identity.BootstrapMarker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/**
 * The bootstrap marker: one row with a fixed primary key. A second instance's insert waits on the
 * first instance's uncommitted row and then fails on the key, so only one instance bootstraps.
 */
@ApplicationScoped
public class JpaBootstrapMarker implements BootstrapMarker {

    @PersistenceContext(unitName = "tasks")
    EntityManager em;

    @Override
    public boolean claim() {
        if (!em.createNativeQuery("select id from bootstrap_marker").getResultList().isEmpty()) {
            return false;
        }
        em.createNativeQuery("insert into bootstrap_marker (id, created_at) values (1, ?)")
                .setParameter(1, Instant.now())
                .executeUpdate();
        return true;
    }
}
