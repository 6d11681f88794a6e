package dev.tasks.web.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An instance of the service in a Payara Micro process of its own, for tests about several
 * instances or restarts, which one Arquillian deployment cannot express. Its console output goes to
 * a file under the test work directory; {@link #close()} stops the process it started.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final URI root;

    private ServiceProcess(Process process, Path log, URI root) {
        this.process = process;
        this.log = log;
        this.root = root;
    }

    /** Starts an instance on a free loopback port, without waiting for it. */
    public static ServiceProcess start(String name, TestEnvironment.Database db, List<String> options) {
        TestEnvironment env = TestEnvironment.get();
        int port = freePort();
        Path log = env.workDir().resolve("instance-" + name + "-" + port + ".log");
        String javaHome = System.getProperty("java.home");
        List<String> command = new ArrayList<>();
        command.add(Path.of(javaHome, "bin", "java").toString());
        command.addAll(env.javaOptions(db, options));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("tasks.it.war"), "--port", String.valueOf(port),
                "--nohazelcast", "--disablephonehome", "--prebootcommandfile", env.prebootFile().toString()));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new ServiceProcess(process, log, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /health/ready} answers 200; fails when the process dies or time runs out. */
    public ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("instance exited during start-up; see " + log);
            }
            try {
                HttpResponse<Void> response = CLIENT.send(HttpRequest.newBuilder(root.resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("instance not ready after " + timeout + "; see " + log);
    }

    public Api api(String key) {
        return new Api(root, key);
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process at once (SIGKILL): no shutdown hook, no transaction finishes. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI root() {
        return root;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
