package dev.tasks.storage.jdbc;

import dev.tasks.domain.artifact.ArtifactEntry;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.QueuedMessage;
import dev.tasks.domain.sandbox.QueuedMessage.Status;
import dev.tasks.domain.sandbox.RunMessages;
import dev.tasks.domain.slack.QueuedRelay;
import dev.tasks.domain.slack.SlackThread;
import dev.tasks.storage.db.Database;
import dev.tasks.storage.json.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Run messages in {@code run_message}, one channel each ({@value #AGENT} or {@value #SLACK}); joins the
 * caller's transaction. The identity column orders them.
 */
@ApplicationScoped
public class JdbcRunMessages implements RunMessages {

    static final String AGENT = "agent";
    static final String SLACK = "slack";
    private static final String COLUMNS = "id, run_id, message_id, payload, status, created_at";

    @Inject
    Database database;

    @Override
    public QueuedMessage queue(RunId run, String content, List<ArtifactEntry> artifacts, boolean steer, UserId author,
                               Instant now) {
        UUID messageId = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("content", content);
        payload.put("artifacts", artifacts.stream().map(ArtifactEntry::toManifest).toList());
        payload.put("steer", steer);
        payload.put("author_user_id", author.value());
        long sequence = insert(run, AGENT, messageId, payload, now);
        return new QueuedMessage(sequence, run, messageId, content, artifacts, steer, author, Status.PENDING, now);
    }

    @Override
    public QueuedRelay queueRelay(RunId run, String text, SlackThread mapping, Instant now) {
        UUID relayId = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", text);
        payload.put("integration", mapping.integration());
        payload.put("channel", mapping.channel());
        payload.put("thread_ts", mapping.threadTs());
        long sequence = insert(run, SLACK, relayId, payload, now);
        return new QueuedRelay(sequence, run, relayId, text, mapping.integration(), mapping.channel(),
                mapping.threadTs());
    }

    private long insert(RunId run, String channel, UUID messageId, Map<String, Object> payload, Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into run_message"
                     + " (run_id, channel, message_id, payload, status, created_at, updated_at)"
                     + " values (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            insert.setObject(1, run.value());
            insert.setString(2, channel);
            insert.setObject(3, messageId);
            insert.setString(4, JsonColumns.write(payload));
            insert.setString(5, Status.PENDING.wireName());
            insert.setObject(6, now.atOffset(ZoneOffset.UTC));
            insert.setObject(7, now.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not queue a message: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<QueuedMessage> find(long sequence) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select " + COLUMNS + " from run_message where id = ? and channel = ?")) {
            select.setLong(1, sequence);
            select.setString(2, AGENT);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(message(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a message: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasEarlierPending(QueuedMessage message) {
        return hasEarlierPending(message.run(), AGENT, message.sequence());
    }

    @Override
    public Optional<QueuedRelay> findPendingRelay(long sequence) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select " + COLUMNS
                     + " from run_message where id = ? and channel = ? and status = ?")) {
            select.setLong(1, sequence);
            select.setString(2, SLACK);
            select.setString(3, Status.PENDING.wireName());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Map<String, Object> payload = JsonColumns.readObject(row.getString("payload"));
                return Optional.of(new QueuedRelay(row.getLong("id"), new RunId(row.getObject("run_id", UUID.class)),
                        row.getObject("message_id", UUID.class), (String) payload.get("text"),
                        ((Number) payload.get("integration")).longValue(), (String) payload.get("channel"),
                        (String) payload.get("thread_ts")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a relay: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasEarlierPending(QueuedRelay relay) {
        return hasEarlierPending(relay.run(), SLACK, relay.sequence());
    }

    private boolean hasEarlierPending(RunId run, String channel, long sequence) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select 1 from run_message where run_id = ?"
                     + " and channel = ? and status = ? and id < ? fetch first 1 rows only")) {
            select.setObject(1, run.value());
            select.setString(2, channel);
            select.setString(3, Status.PENDING.wireName());
            select.setLong(4, sequence);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read messages: " + e.getMessage(), e);
        }
    }

    @Override
    public void finish(long sequence, Status status, Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update run_message set status = ?, updated_at = ? where id = ? and status = ?")) {
            update.setString(1, status.wireName());
            update.setObject(2, now.atOffset(ZoneOffset.UTC));
            update.setLong(3, sequence);
            update.setString(4, Status.PENDING.wireName());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update a message: " + e.getMessage(), e);
        }
    }

    @Override
    public int cancelPending(RunId run, Instant now) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update run_message set status = ?, updated_at = ? where run_id = ? and channel = ? and status = ?")) {
            update.setString(1, Status.CANCELLED.wireName());
            update.setObject(2, now.atOffset(ZoneOffset.UTC));
            update.setObject(3, run.value());
            update.setString(4, AGENT);
            update.setString(5, Status.PENDING.wireName());
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not cancel messages: " + e.getMessage(), e);
        }
    }

    private static QueuedMessage message(ResultSet row) throws SQLException {
        Map<String, Object> payload = JsonColumns.readObject(row.getString("payload"));
        List<ArtifactEntry> artifacts = JsonColumns.readManifest(JsonColumns.write(payload.get("artifacts")))
                .entries();
        return new QueuedMessage(row.getLong("id"), new RunId(row.getObject("run_id", UUID.class)),
                row.getObject("message_id", UUID.class), (String) payload.get("content"), artifacts,
                Boolean.TRUE.equals(payload.get("steer")),
                new UserId(((Number) payload.get("author_user_id")).longValue()),
                Status.fromWire(row.getString("status")),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
