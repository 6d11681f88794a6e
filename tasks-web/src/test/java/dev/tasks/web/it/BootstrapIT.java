package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap (docs/identity.md#the-bootstrap-key) and the start-up of several instances: two instances started
 * together on one empty database migrate it once and bootstrap it once; a changed bootstrap key on restart does not
 * become a second key (I2, I3). These tests start Payara Micro processes of their own.
 */
class BootstrapIT {

    private static final Pattern BOOTSTRAP_LINE =
            Pattern.compile("Bootstrap personal API key \\(shown once\\): (phx_[A-Za-z0-9]+)");
    private static final Duration START = Duration.ofMinutes(4);

    @Test
    void i02_i03_twoInstancesBootstrapAFreshDatabaseOnce() throws Exception {
        TestEnvironment.Database db = TestEnvironment.get().newDatabase("bootstrap");
        String key;
        try (ServiceProcess first = ServiceProcess.start("a", db, List.of());
             ServiceProcess second = ServiceProcess.start("b", db, List.of())) {
            first.awaitReady(START);
            second.awaitReady(START);

            String output = first.output() + second.output();
            Matcher matcher = BOOTSTRAP_LINE.matcher(output);
            assertTrue(matcher.find(), "one instance prints the bootstrap key");
            key = matcher.group(1);
            assertTrue(!matcher.find(), "the key is printed exactly once across both instances");

            for (ServiceProcess instance : List.of(first, second)) {
                JsonNode me = instance.api(key).get("/api/users/@me/").expect(200).json();
                assertTrue(me.get("is_staff").asBoolean(), "the bootstrap user is an administrator");
                assertEquals(1, me.get("team").get("id").asLong());
            }
            try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                assertEquals(1, count(statement, "select count(*) from app_user"));
                assertEquals(1, count(statement, "select count(*) from project"));
                assertEquals(1, count(statement, "select count(*) from personal_api_key"));
                assertEquals(1, count(statement, "select count(*) from flyway_schema_history where version = '1'"),
                        "the first migration ran once");
            }
        }

        String changed = "phx_changedBootstrapKey000000000000000000000000";
        try (ServiceProcess restarted = ServiceProcess.start("c", db, List.of("-Dtasks.bootstrap.api.key=" + changed))) {
            restarted.awaitReady(START);
            restarted.api(changed).get("/api/users/@me/")
                    .expectError(403, "authentication_failed", "Personal API key found in request Authorization header is invalid.", null);
            restarted.api(key).get("/api/users/@me/").expect(200);
            assertTrue(!BOOTSTRAP_LINE.matcher(restarted.output()).find(), "no second bootstrap");
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
