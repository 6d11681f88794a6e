package dev.tasks.storage.jdbc;

import dev.tasks.domain.run.RunId;
import dev.tasks.domain.slack.SlackThread;
import dev.tasks.domain.slack.SlackThreads;
import dev.tasks.domain.task.TaskId;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Slack thread mappings in {@code slack_thread}; joins the caller's transaction. */
@ApplicationScoped
public class JdbcSlackThreads implements SlackThreads {

    private static final String COLUMNS = "id, task_id, integration_id, channel, thread_ts, slack_workspace_id,"
            + " task_run_id, mentioning_slack_user_id, created_at, updated_at";

    @Inject
    Database database;

    @Override
    public List<SlackThread> list(TaskId task) {
        return query("select " + COLUMNS + " from slack_thread where task_id = ? order by updated_at desc, id",
                task.value());
    }

    @Override
    public Optional<SlackThread> find(long integration, String channel, String threadTs) {
        return query("select " + COLUMNS + " from slack_thread where integration_id = ? and channel = ?"
                + " and thread_ts = ?", integration, channel, threadTs).stream().findFirst();
    }

    @Override
    public void save(SlackThread thread) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("update slack_thread set task_id = ?,"
                     + " slack_workspace_id = ?, task_run_id = ?, mentioning_slack_user_id = ?, updated_at = ?"
                     + " where id = ?");
             PreparedStatement insert = connection.prepareStatement("insert into slack_thread (" + COLUMNS
                     + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            update.setObject(1, thread.task().value());
            update.setString(2, thread.workspaceId());
            update.setObject(3, thread.run() == null ? null : thread.run().value());
            update.setString(4, thread.mentioningUserId());
            update.setObject(5, thread.updatedAt().atOffset(ZoneOffset.UTC));
            update.setObject(6, thread.id());
            if (update.executeUpdate() == 0) {
                insert.setObject(1, thread.id());
                insert.setObject(2, thread.task().value());
                insert.setLong(3, thread.integration());
                insert.setString(4, thread.channel());
                insert.setString(5, thread.threadTs());
                insert.setString(6, thread.workspaceId());
                insert.setObject(7, thread.run() == null ? null : thread.run().value());
                insert.setString(8, thread.mentioningUserId());
                insert.setObject(9, thread.createdAt().atOffset(ZoneOffset.UTC));
                insert.setObject(10, thread.updatedAt().atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save a Slack thread mapping: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(TaskId task, UUID id) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from slack_thread where id = ? and task_id = ?")) {
            delete.setObject(1, id);
            delete.setObject(2, task.value());
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete a Slack thread mapping: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SlackThread> mappingOf(TaskId task, RunId run) {
        return query("select " + COLUMNS + " from slack_thread where task_id = ?"
                + " order by case when task_run_id = ? then 0 else 1 end, updated_at desc, id", task.value(), run.value())
                .stream().findFirst();
    }

    private List<SlackThread> query(String sql, Object... parameters) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<SlackThread> threads = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    UUID run = row.getObject(7, UUID.class);
                    threads.add(new SlackThread(row.getObject(1, UUID.class), new TaskId(row.getObject(2, UUID.class)),
                            row.getLong(3), row.getString(4), row.getString(5), row.getString(6),
                            run == null ? null : new RunId(run), row.getString(8),
                            row.getObject(9, OffsetDateTime.class).toInstant(),
                            row.getObject(10, OffsetDateTime.class).toInstant()));
                }
            }
            return threads;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read Slack thread mappings: " + e.getMessage(), e);
        }
    }
}
