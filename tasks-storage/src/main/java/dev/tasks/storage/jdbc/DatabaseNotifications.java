package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.RunId;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.db.DatabaseVendor;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What one instance tells every instance once a transaction has committed, on two channels:
 * <ul>
 * <li>{@value #ENTRIES}: "run R has new entries" (the stream's wake-up; a lost one costs at most the
 * readers' 1 s poll);</li>
 * <li>{@value #IDENTITY}: "a key, user, membership or project changed" (the identity cache's
 * invalidation; a lost one costs at most the cache's 1 s bound).</li>
 * </ul>
 * Subscribers on this instance hear it at once, through a JTA synchronization; on PostgreSQL the
 * writer also issues {@code NOTIFY}, which PostgreSQL delivers on commit, and each instance holds one
 * {@code LISTEN} connection for both channels that relays other instances' notifications.
 */
@ApplicationScoped
public class DatabaseNotifications {

    static final String ENTRIES = "task_run_entries";
    static final String IDENTITY = "tasks_identity";
    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class.getName());

    @Inject
    Database database;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final List<Consumer<RunId>> entrySubscribers = new CopyOnWriteArrayList<>();
    private final List<Runnable> identitySubscribers = new CopyOnWriteArrayList<>();
    private volatile Thread listener;
    private volatile boolean running;
    private volatile boolean listening;

    public void subscribeToEntries(Consumer<RunId> subscriber) {
        entrySubscribers.add(subscriber);
    }

    /**
     * Also told whenever this instance may have missed a change: when its {@code LISTEN} connection
     * is (re-)established.
     */
    public void subscribeToIdentityChanges(Runnable subscriber) {
        identitySubscribers.add(subscriber);
    }

    /** Called inside the appending transaction, on its connection. */
    void announceEntries(Connection connection, RunId run) throws SQLException {
        String notice = entriesNotice("?");
        if (notice != null) {
            try (PreparedStatement notify = connection.prepareStatement("select " + notice)) {
                notify.setObject(1, run.value());
                notify.execute();
            }
        }
        afterCommit(() -> deliverEntries(run));
    }

    /**
     * For a writer whose transaction is its own: the item of a statement's select list or {@code RETURNING}
     * clause that tells every instance, once that transaction commits, that the run whose id is
     * {@code runId} (a {@code uuid} expression) has new entries; null where the database has no such
     * channel. The writer tells this instance's subscribers itself, after its commit
     * ({@link #entriesCommitted}).
     */
    String entriesNotice(String runId) {
        return database.vendor() == DatabaseVendor.POSTGRESQL ? "pg_notify('" + ENTRIES + "', " + runId + "::text)"
                : null;
    }

    /** Tells this instance's subscribers that a transaction of the caller's own has appended to {@code run}. */
    void entriesCommitted(RunId run) {
        deliverEntries(run);
    }

    /**
     * Called inside the transaction that changes a key, user, membership or project, through its
     * entity manager: every instance drops what it cached about identities once it commits.
     */
    public void announceIdentityChange(EntityManager em) {
        if (inTransaction()) {
            if (transactions.getResource(IDENTITY) != null) {
                return;
            }
            transactions.putResource(IDENTITY, Boolean.TRUE);
        }
        if (database.vendor() == DatabaseVendor.POSTGRESQL) {
            // pg_notify returns void, which JPA cannot map: count the one row it makes instead.
            em.createNativeQuery("select count(*) from (select pg_notify('" + IDENTITY + "', '')) as notified")
                    .getSingleResult();
        }
        afterCommit(this::deliverIdentityChange);
    }

    /** Whether the current transaction has changed a key, user, membership or project. */
    public boolean identityChangedInThisTransaction() {
        return inTransaction() && transactions.getResource(IDENTITY) != null;
    }

    private boolean inTransaction() {
        return transactions != null && transactions.getTransactionKey() != null;
    }

    private void afterCommit(Runnable delivery) {
        if (inTransaction()) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        delivery.run();
                    }
                }
            });
        } else {
            delivery.run();
        }
    }

    private void deliverEntries(RunId run) {
        for (Consumer<RunId> subscriber : entrySubscribers) {
            try {
                subscriber.accept(run);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A stream subscriber failed", e);
            }
        }
    }

    private void deliverIdentityChange() {
        for (Runnable subscriber : identitySubscribers) {
            try {
                subscriber.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An identity subscriber failed", e);
            }
        }
    }

    /** On PostgreSQL, starts relaying other instances' notifications; elsewhere there are none. */
    public synchronized void startListening() {
        if (listener != null || database.vendor() != DatabaseVendor.POSTGRESQL) {
            return;
        }
        running = true;
        listener = new Thread(this::listen, "tasks-notification-listener");
        listener.setDaemon(true);
        listener.start();
    }

    public synchronized void stopListening() {
        running = false;
        if (listener != null) {
            listener.interrupt();
            listener = null;
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = database.dataSource().getConnection()) {
                PGConnection postgres = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ENTRIES);
                    statement.execute("LISTEN " + IDENTITY);
                }
                listening = true;
                // Changes made while nobody listened were not heard: whatever was cached goes.
                deliverIdentityChange();
                while (running) {
                    PGNotification[] received = postgres.getNotifications(1000);
                    if (received != null) {
                        boolean identityChanged = false;
                        for (PGNotification notification : received) {
                            if (IDENTITY.equals(notification.getName())) {
                                identityChanged = true;
                            } else {
                                parse(notification.getParameter()).ifPresent(this::deliverEntries);
                            }
                        }
                        if (identityChanged) {
                            deliverIdentityChange();
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    LOG.log(Level.WARNING, "Lost the LISTEN connection; readers poll and identities are not cached"
                            + " until it is back: " + e.getMessage());
                    sleep();
                }
            }
        }
        listening = false;
    }

    /**
     * Whether this instance holds a live {@code LISTEN} connection now (always false on H2, where
     * notifications stay in-process): re-established within about a second after the database returns.
     */
    public boolean isListening() {
        return listening;
    }

    /**
     * Whether this instance hears every other instance's identity changes: on PostgreSQL while it
     * listens; on H2 always, as an embedded database has one instance.
     */
    public boolean hearsAllIdentityChanges() {
        return database.vendor() != DatabaseVendor.POSTGRESQL || listening;
    }

    private static Optional<RunId> parse(String payload) {
        try {
            return Optional.of(new RunId(UUID.fromString(payload)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
