package dev.tasks.storage.jdbc;

import dev.tasks.domain.llm.ModelCall;
import dev.tasks.domain.llm.ModelCalls;
import dev.tasks.domain.llm.ModelUsage;
import dev.tasks.domain.run.RunId;
import dev.tasks.storage.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Model calls in {@code model_call}, one row per call; joins the caller's transaction. */
@ApplicationScoped
public class JdbcModelCalls implements ModelCalls {

    @Inject
    Database database;

    @Override
    public void record(ModelCall call) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into model_call (run_id, model, status,"
                     + " input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, created_at)"
                     + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, call.run().value());
            insert.setString(2, call.model());
            insert.setInt(3, call.status());
            insert.setLong(4, call.usage().inputTokens());
            insert.setLong(5, call.usage().outputTokens());
            insert.setLong(6, call.usage().cacheCreationInputTokens());
            insert.setLong(7, call.usage().cacheReadInputTokens());
            insert.setObject(8, call.at().atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a model call: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelTotal total(RunId run) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select count(*), coalesce(sum(input_tokens), 0),"
                     + " coalesce(sum(output_tokens), 0), coalesce(sum(cache_creation_input_tokens), 0),"
                     + " coalesce(sum(cache_read_input_tokens), 0) from model_call where run_id = ?")) {
            select.setObject(1, run.value());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new ModelTotal(null, row.getLong(1), new ModelUsage(row.getLong(2), row.getLong(3),
                        row.getLong(4), row.getLong(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a run's model calls: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ModelTotal> totals(RunId run, int limit) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select model, count(*), sum(input_tokens),"
                     + " sum(output_tokens), sum(cache_creation_input_tokens), sum(cache_read_input_tokens)"
                     + " from model_call where run_id = ? group by model order by count(*) desc, model"
                     + " fetch first ? rows only")) {
            select.setObject(1, run.value());
            select.setInt(2, limit);
            List<ModelTotal> totals = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    totals.add(new ModelTotal(rows.getString(1), rows.getLong(2), new ModelUsage(rows.getLong(3),
                            rows.getLong(4), rows.getLong(5), rows.getLong(6))));
                }
            }
            return totals;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a run's model calls: " + e.getMessage(), e);
        }
    }
}
