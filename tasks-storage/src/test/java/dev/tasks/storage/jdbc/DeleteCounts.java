package dev.tasks.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** How many rows each {@code delete} statement run through a data source removed, for those that removed any. */
final class DeleteCounts {

    private final List<Integer> counts = new ArrayList<>();

    DataSource recording(DataSource target) {
        return Proxies.intercept(DataSource.class, target, (method, arguments, call) ->
                method.getName().equals("getConnection") ? connection((Connection) call.proceed()) : call.proceed());
    }

    private Connection connection(Connection target) {
        return Proxies.intercept(Connection.class, target, (method, arguments, call) ->
                method.getName().equals("prepareStatement") && ((String) arguments[0]).startsWith("delete")
                        ? statement((PreparedStatement) call.proceed()) : call.proceed());
    }

    private PreparedStatement statement(PreparedStatement target) {
        return Proxies.intercept(PreparedStatement.class, target, (method, arguments, call) -> {
            Object result = call.proceed();
            if (method.getName().equals("executeUpdate") && (Integer) result > 0) {
                counts.add((Integer) result);
            }
            return result;
        });
    }

    List<Integer> counts() {
        return List.copyOf(counts);
    }
}
