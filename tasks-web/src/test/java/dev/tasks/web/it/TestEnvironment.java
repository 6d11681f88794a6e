package dev.tasks.web.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * What every test of the deployed WAR shares, set up once per test JVM before the first Payara
 * Micro boots: an S3 server (S3Proxy, objects in memory) behind an {@link S3Recorder} on reserved
 * loopback ports, a fresh
 * database (an H2 file, or a new schema in the PostgreSQL of {@code TASKS_TEST_DB_URL}), and the
 * configuration Payara is started with.
 */
public final class TestEnvironment {

    public static final String ADMIN_KEY = "phx_itAdministratorKey0000000000000000000000000000";
    public static final String S3_ACCESS_KEY = "test-access";
    public static final String S3_SECRET_KEY = "test-secret";

    private static TestEnvironment instance;

    private final Path workDir;
    private final int s3Port;
    private final int s3UpstreamPort;
    private final String run;
    private final Database database;
    private S3Proxy s3;
    private BlobStore blobStore;
    private S3Recorder recorder;
    private PeerStub peers;
    private AgentStub agents;

    private TestEnvironment() {
        workDir = Path.of(System.getProperty("tasks.it.workdir", "target/it")).toAbsolutePath();
        s3Port = Integer.parseInt(System.getProperty("tasks.it.s3.port", "9399"));
        s3UpstreamPort = Integer.parseInt(System.getProperty("tasks.it.s3.upstream.port", "9398"));
        run = System.getProperty("tasks.it.run", "local") + "_" + UUID.randomUUID().toString().substring(0, 6);
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = newDatabase("main");
    }

    /** The environment, started on first use. */
    public static synchronized TestEnvironment get() {
        if (instance == null) {
            instance = new TestEnvironment();
            instance.startS3();
            instance.startPeers();
            instance.startAgents();
            instance.configurePayara();
        }
        return instance;
    }

    /** A database of its own: an H2 file, or a fresh PostgreSQL schema. */
    public Database newDatabase(String name) {
        String postgres = System.getProperty("tasks.it.db.url", "");
        if (postgres.isBlank()) {
            Path file = workDir.resolve("db-" + run + "-" + name).resolve("tasks");
            return new Database("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE", "sa", "");
        }
        String user = System.getProperty("tasks.it.db.user", "");
        String password = System.getProperty("tasks.it.db.password", "");
        String schema = ("tasks_it_" + run + "_" + name).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = DriverManager.getConnection(postgres, user, password);
             Statement statement = connection.createStatement()) {
            dropOldSchemas(statement);
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the test schema in " + postgres, e);
        }
        return new Database(postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }

    /** Schemas left by earlier runs (CI keeps its database), except those of the last hour. */
    private static void dropOldSchemas(Statement statement) throws SQLException {
        List<String> old = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("select nspname from pg_namespace where nspname like 'tasks_it_%'"
                + " and substring(nspname from 10 for 14) < to_char(now() - interval '1 hour', 'YYYYMMDDHH24MISS')")) {
            while (rows.next()) {
                old.add(rows.getString(1));
            }
        }
        for (String schema : old) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private void startS3() {
        var properties = new Properties();
        properties.setProperty("jclouds.identity", S3_ACCESS_KEY);
        properties.setProperty("jclouds.credential", S3_SECRET_KEY);
        blobStore = BlobStores.create("transient", properties);
        startS3Server();
        recorder = new S3Recorder(s3Port, URI.create("http://127.0.0.1:" + s3UpstreamPort));
        recorder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            recorder.stop();
            stopS3Server();
        }));
    }

    private void startPeers() {
        peers = new PeerStub(Integer.parseInt(System.getProperty("tasks.it.peer.port", "9397")));
        peers.start();
        Runtime.getRuntime().addShutdownHook(new Thread(peers::stop));
    }

    private void startAgents() {
        agents = new AgentStub(Integer.parseInt(System.getProperty("tasks.it.agent.port", "9396")));
        agents.start();
        Runtime.getRuntime().addShutdownHook(new Thread(agents::stop));
    }

    /** {@code TASKS_DATA_DIR} of the service under test. */
    public Path dataDir() {
        return workDir.resolve("data-" + run);
    }

    /** The sandbox provider's peer and the agent servers of the sandboxes it hands out. */
    public AgentStub agents() {
        return agents;
    }

    /** GitHub and PostHog as the deployed service sees them. */
    public PeerStub peers() {
        return peers;
    }

    /** (Re)starts the S3 server on its port, over the same in-memory objects. */
    public synchronized void startS3Server() {
        try {
            s3 = S3Proxy.builder()
                    .blobStore(blobStore)
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_ACCESS_KEY, S3_SECRET_KEY)
                    .endpoint(s3UpstreamEndpoint())
                    .build();
            s3.start();
            while (!"STARTED".equals(s3.getState())) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the test S3 server on port " + s3UpstreamPort, e);
        }
    }

    /** Stops the S3 server (its objects stay in memory for {@link #startS3Server()}). */
    public synchronized void stopS3Server() {
        try {
            if (s3 != null) {
                s3.stop();
                s3 = null;
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the test S3 server", e);
        }
    }

    /** The S3 endpoint the service is given: the recorder in front of the S3 server. */
    public S3Recorder s3Recorder() {
        return recorder;
    }

    /** The S3 server itself, for fixtures the tests write and read without being recorded. */
    public URI s3UpstreamEndpoint() {
        return URI.create("http://127.0.0.1:" + s3UpstreamPort);
    }

    /** The options the Arquillian adapter starts Payara Micro with. */
    private void configurePayara() {
        System.setProperty("payara.cmdOptions", String.join(" ", javaOptions(database, List.of(
                "-Dtasks.bootstrap.api.key=" + ADMIN_KEY))));
        System.setProperty("payara.extraMicroOptions", "--nohazelcast --disablephonehome --prebootcommandfile "
                + prebootFile() + " --logtofile " + workDir.resolve("payara-" + run + ".log"));
        System.setProperty("payara.consoleOutput", "false");
    }

    /** JVM options that configure an instance of the service for these tests. */
    public List<String> javaOptions(Database db, List<String> extra) {
        List<String> options = new ArrayList<>(List.of(
                "-Xmx512m",
                "-Xlog:gc:file=" + workDir.resolve("gc-%p.log"),
                "-Djava.io.tmpdir=" + workDir,
                "-Dtasks.db.url=" + db.url(),
                "-Dtasks.db.user=" + db.user(),
                "-Dtasks.db.password=" + db.password(),
                "-Dtasks.s3.endpoint=" + s3Endpoint(),
                "-Dtasks.s3.access.key=" + S3_ACCESS_KEY,
                "-Dtasks.s3.secret.key=" + S3_SECRET_KEY,
                // A hanging store must answer within seconds here, not the production 15-30 s.
                "-Dtasks.s3.timeout.seconds=4",
                "-Ddev.tasks.storage.s3.MinioObjects/stat/Timeout/value=3000",
                "-Ddev.tasks.storage.s3.MinioObjects/open/Timeout/value=3000",
                "-Dtasks.github.api.url=http://127.0.0.1:" + System.getProperty("tasks.it.peer.port", "9397")
                        + PeerStub.GITHUB_BASE,
                "-Dtasks.slack.api.url=http://127.0.0.1:" + System.getProperty("tasks.it.peer.port", "9397")
                        + PeerStub.SLACK_BASE,
                "-Dtasks.llm.upstream.url=http://127.0.0.1:" + System.getProperty("tasks.it.peer.port", "9397")
                        + ModelStub.BASE,
                "-Dtasks.llm.api.key=" + ModelStub.INSTALLATION_KEY,
                "-Dtasks.data.dir=" + dataDir(),
                "-D" + StubAgentProvider.AGENT_URL + "=http://127.0.0.1:" + System.getProperty("tasks.it.agent.port",
                        "9396"),
                // The loopback peers (PostHog) are allowed by name; every other private address is not.
                "-Dtasks.outbound.allowed.hosts=127.0.0.1"));
        options.addAll(extra);
        return options;
    }

    /** What the Payara Micro instances of the Arquillian tests have logged so far. */
    public String payaraLog() {
        StringBuilder log = new StringBuilder();
        try (var files = Files.list(workDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("payara-" + run)).sorted().toList()) {
                log.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log.toString();
    }

    /** Binds the HTTP listener to loopback only, and turns the runtime's own OpenAPI service off. */
    public Path prebootFile() {
        // /openapi is the service's own document, as the run command serves it.
        return commandFile("preboot.txt", LOOPBACK_LISTENER + "set-openapi-configuration --enabled=false\n");
    }

    /** Binds the HTTP listener to loopback only. */
    public Path listenerPrebootFile() {
        return commandFile("preboot-listener.txt", LOOPBACK_LISTENER);
    }

    private static final String LOOPBACK_LISTENER = "set configs.config.server-config.network-config.network-listeners"
            + ".network-listener.http-listener.address=127.0.0.1\n";

    private Path commandFile(String name, String commands) {
        Path file = workDir.resolve(name);
        try {
            Files.writeString(file, commands);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + s3Port);
    }

    public Database database() {
        return database;
    }

    public Path workDir() {
        return workDir;
    }

    /** A JDBC database the tests can also reach directly, for fixtures the API cannot create. */
    public record Database(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        /** Runs one statement with its parameters; returns the number of rows it changed. */
        public int update(String sql, Object... parameters) {
            try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot update the test database: " + e.getMessage(), e);
            }
        }

        /** The first column of the first row {@code sql} selects with its one parameter, or null. */
        public Object scalar(String sql, Object parameter) {
            try (Connection connection = connect(); var select = connection.prepareStatement(sql)) {
                select.setObject(1, parameter);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getObject(1) : null;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot query the test database: " + e.getMessage(), e);
            }
        }
    }
}
