package dev.tasks.web.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Deploying on Payara Server" commands, run as written: Payara Micro boots with a
 * post-boot command file holding exactly the README's {@code asadmin} commands (the connection pool,
 * the JDBC resource, the config properties), with this test's PostgreSQL, object store and key in
 * place of the README's example values, and nothing else: no {@code TASKS_*} environment, no
 * {@code tasks.*} JVM option. The README's {@code add-library} and {@code deploy} lines are Payara
 * Micro's {@code --addlibs} and {@code --deploy}. Then a smoke scenario shows that the service runs
 * on the server's JDBC resource, reads the domain's settings, and is monitored through the server.
 */
class PayaraServerIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final String ADMIN = "phx_payaraServerAdministratorKey0000000000000000";
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- payara-server-commands:[^>]*-->\\s*```shell\\n(.*?)```\\s*<!-- /payara-server-commands -->",
            Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("--propertyName=(\\S+) --propertyValue=(\\S+)");

    /** The README's commands: continuation lines joined, without the {@code asadmin} word. */
    static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("tasks.it.readme", "../README.md")));
        Matcher block = BLOCK.matcher(readme);
        assertTrue(block.find(), "the README has the Payara Server commands between their markers");
        List<String> commands = new ArrayList<>();
        for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
            String command = line.strip().replaceAll("\\s+", " ");
            if (!command.isEmpty()) {
                assertTrue(command.startsWith("asadmin "), "an asadmin command: " + command);
                commands.add(command.substring("asadmin ".length()));
            }
        }
        return commands;
    }

    @Test
    void theReadmesAsadminCommandsRunTheServiceOnTheServersJdbcResource() throws Exception {
        List<String> commands = readmeCommands();
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("create-jdbc-connection-pool ")));
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("create-jdbc-resource ")));
        assertTrue(commands.stream().anyMatch(c -> c.contains("--propertyName=tasks.db.jndi.name ")));

        TestEnvironment env = TestEnvironment.get();
        Path workDir = Files.createTempDirectory(env.workDir(), "payara-server-");
        try (PrivatePostgres postgres = PrivatePostgres.start()) {
            URI database = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
            Map<String, String> values = new LinkedHashMap<>();
            values.put("serverName=db.example.internal", "serverName=" + database.getHost());
            values.put("portNumber=5432", "portNumber=" + database.getPort());
            values.put("databaseName=tasks", "databaseName=" + database.getPath().substring(1));
            values.put("user=tasks", "user=postgres");
            // Trust authentication: any password is taken, but the pool wants one.
            values.put("password=change-me", "password=trusted");
            Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Function<URI, String> postBoot = root -> {
                Map<String, String> properties = Map.of(
                        "tasks.s3.endpoint", env.s3Endpoint().toString(),
                        "tasks.s3.access.key", TestEnvironment.S3_ACCESS_KEY,
                        "tasks.s3.secret.key", TestEnvironment.S3_SECRET_KEY,
                        "tasks.public.url", root.toString(),
                        "tasks.bootstrap.api.key", ADMIN);
                List<String> lines = new ArrayList<>();
                for (String command : commands) {
                    if (command.startsWith("add-library ") || command.startsWith("deploy ")) {
                        continue; // --addlibs and --deploy of Payara Micro
                    }
                    String line = command;
                    for (Map.Entry<String, String> value : values.entrySet()) {
                        line = line.replace(value.getKey(), value.getValue());
                    }
                    Matcher property = PROPERTY.matcher(line);
                    if (property.find() && properties.containsKey(property.group(1))) {
                        line = line.substring(0, property.start(2)) + properties.get(property.group(1))
                                + line.substring(property.end(2));
                    }
                    lines.add(line);
                }
                return String.join("\n", lines) + "\n";
            };

            try (ServiceProcess instance = ServiceProcess.startAdministered("payara-server", postBoot, List.of(driver),
                    workDir)) {
                instance.awaitReady(START);
                Api admin = instance.api(ADMIN);

                // The bootstrap key came from the domain's configuration.
                JsonNode me = admin.get("/api/users/@me/").expect(200).json();
                assertTrue(me.path("is_staff").asBoolean(), "the bootstrapped administrator");

                // The API works, on the server's pool.
                String tasks = "/api/projects/1/tasks/";
                String task = admin.post(tasks, Map.of("title", "administered")).expect(201).json().get("id").asText();
                String run = tasks + task + "/runs/" + admin.post(tasks + task + "/runs/", Map.of()).expect(201).json()
                        .get("id").asText() + "/";
                admin.post(run + "append_log/", "{\"entries\":[{\"type\":\"notification\",\"timestamp\":"
                        + "\"2026-01-01T00:00:00Z\",\"notification\":{\"method\":\"_posthog/console\",\"params\":"
                        + "{\"message\":\"on jdbc/tasks\"}}}]}").expect(200);
                assertTrue(admin.get(run + "logs/").expect(200).text().contains("on jdbc/tasks"));
                admin.post(run + "artifacts/", ArtifactsIT.body(ArtifactsIT.item("name", "plan.md", "type", "plan",
                        "content", "# Plan", "content_type", "text/markdown"))).expect(200);
                try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                     ResultSet rows = connection.createStatement().executeQuery(
                             "select count(*) from task where title = 'administered'")) {
                    rows.next();
                    assertEquals(1, rows.getInt(1), "the task is in the database the JDBC resource names");
                }
                // The application's own data source (tasks.db.url, an H2 file under ./data) was never opened.
                assertFalse(Files.exists(workDir.resolve("data").resolve("db")), "no embedded database was made");

                // Monitoring through the server: health, metrics with the job queue, the API's document.
                Api anonymous = instance.api(null);
                assertEquals(200, anonymous.get("/health/ready").status());
                String metrics = anonymous.get("/metrics").expect(200).text();
                for (String gauge : List.of("tasks_jobs_due", "tasks_jobs_running", "tasks_jobs_failing")) {
                    assertTrue(metrics.contains(gauge), gauge + " in /metrics");
                }
                JsonNode document = anonymous.withHeader("Accept", "application/json").get("/openapi").expect(200).json();
                assertEquals("3.1.0", document.path("openapi").asText());
                // The service's document as written (the runtime's service would drop the empty list).
                assertTrue(document.at("/paths/~1api~1ping~1/get/security").isArray(), "security: [] kept");
                assertFalse(instance.output().contains("No SLF4J providers were found"));
            }
        }
    }
}
