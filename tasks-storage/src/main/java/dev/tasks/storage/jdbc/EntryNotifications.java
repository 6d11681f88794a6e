package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.RunId;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.db.DatabaseVendor;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * "Run R has new entries", told to every instance once the appending transaction has committed
 * (logs-and-stream.md §6.6). Subscribers on this instance hear it at once, through a JTA
 * synchronization; on PostgreSQL the append also issues {@code NOTIFY task_run_entries}, which
 * PostgreSQL delivers on commit, and each instance holds one {@code LISTEN} connection that relays
 * other instances' notifications. A lost notification costs at most the readers' 1 s poll.
 */
@ApplicationScoped
public class EntryNotifications {

    static final String CHANNEL = "task_run_entries";
    private static final Logger LOG = Logger.getLogger(EntryNotifications.class.getName());

    @Inject
    Database database;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final List<Consumer<RunId>> subscribers = new CopyOnWriteArrayList<>();
    private volatile Thread listener;
    private volatile boolean running;
    private volatile boolean listening;

    public void subscribe(Consumer<RunId> subscriber) {
        subscribers.add(subscriber);
    }

    /** Called inside the appending transaction, on its connection. */
    void announce(Connection connection, RunId run) throws SQLException {
        if (database.vendor() == DatabaseVendor.POSTGRESQL) {
            try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, run.toString());
                notify.execute();
            }
        }
        if (transactions != null && transactions.getTransactionKey() != null) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        deliver(run);
                    }
                }
            });
        } else {
            deliver(run);
        }
    }

    private void deliver(RunId run) {
        for (Consumer<RunId> subscriber : subscribers) {
            try {
                subscriber.accept(run);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A stream subscriber failed", e);
            }
        }
    }

    /** On PostgreSQL, starts relaying other instances' notifications; elsewhere there are none. */
    public synchronized void startListening() {
        if (listener != null || database.vendor() != DatabaseVendor.POSTGRESQL) {
            return;
        }
        running = true;
        listener = new Thread(this::listen, "tasks-entry-listener");
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
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                while (running) {
                    PGNotification[] received = postgres.getNotifications(1000);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            parse(notification.getParameter()).ifPresent(this::deliver);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    LOG.log(Level.WARNING, "Lost the LISTEN connection; readers poll until it is back: " + e.getMessage());
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
