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
import java.util.function.Function;

/**
 * An instance of the service in a Payara Micro process of its own, for tests about several
 * instances or restarts, which one Arquillian deployment cannot express. Its console output goes to
 * a file under the test work directory; {@link #close()} stops the process it started.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * A start that writes nothing for this long without becoming ready has hung: Payara Micro's HK2
     * runtime now and then deadlocks between its configuration and service-locator locks while it
     * boots or configures its HTTP listener (seen with two instances starting at once on two cores;
     * the thread dump is kept beside the log).
     */
    private static final Duration HUNG_BOOT = Duration.ofSeconds(60);
    private static final int BOOT_ATTEMPTS = 3;

    /** How the instance is started, again after a hung boot: command, directory and environment. */
    private final ProcessBuilder builder;
    private final Path log;
    private final URI root;
    private Process process;

    private ServiceProcess(ProcessBuilder builder, Path log, URI root) {
        this.builder = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        this.log = log;
        this.root = root;
        this.process = launch();
    }

    /** Starts an instance on a free loopback port, without waiting for it. */
    public static ServiceProcess start(String name, TestEnvironment.Database db, List<String> options) {
        TestEnvironment env = TestEnvironment.get();
        int port = freePort();
        Path log = env.workDir().resolve("instance-" + name + "-" + port + ".log");
        List<String> command = micro(env.javaOptions(db, options), port, env.prebootFile());
        return new ServiceProcess(new ProcessBuilder(command), log, URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Starts an instance configured only the way an administrator configures Payara Server: by
     * {@code asadmin} commands in a post-boot command file, with these libraries on the server's
     * class path. It gets no {@code tasks.*} JVM option and no {@code TASKS_*} environment variable,
     * and runs in {@code workDir} (where a relative {@code ./data} would land).
     *
     * @param postBoot the commands, given the address the instance will answer on
     */
    public static ServiceProcess startAdministered(String name, Function<URI, String> postBoot, List<Path> libraries,
            Path workDir) {
        TestEnvironment env = TestEnvironment.get();
        int port = freePort();
        URI root = URI.create("http://127.0.0.1:" + port);
        Path log = env.workDir().resolve("instance-" + name + "-" + port + ".log");
        Path commands = workDir.resolve("post-boot.asadmin");
        try {
            Files.writeString(commands, postBoot.apply(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = micro(List.of("-Xmx512m", "-Djava.io.tmpdir=" + workDir), port,
                env.listenerPrebootFile());
        command.addAll(List.of("--postbootcommandfile", commands.toString()));
        for (Path library : libraries) {
            command.addAll(List.of("--addlibs", library.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("TASKS_"));
        return new ServiceProcess(builder, log, root);
    }

    /** Payara Micro with these JVM options, deploying the WAR under test on {@code port}. */
    private static List<String> micro(List<String> jvmOptions, int port, Path preboot) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("tasks.it.war"), "--port", String.valueOf(port),
                "--nohazelcast", "--disablephonehome", "--prebootcommandfile", preboot.toString()));
        return command;
    }

    private Process launch() {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code /health/ready} answers 200; fails when the process dies or time runs out. A
     * start that hangs ({@link #HUNG_BOOT}) is killed and started again, at most {@value #BOOT_ATTEMPTS}
     * times in all.
     */
    public ServiceProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long logSize = -1;
        long quietSince = System.nanoTime();
        int boots = 1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("instance exited during start-up; see " + log);
            }
            long size = log.toFile().length();
            if (size != logSize) {
                logSize = size;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > HUNG_BOOT.toNanos() && boots < BOOT_ATTEMPTS) {
                dumpThreads(boots);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                process = launch();
                boots++;
                quietSince = System.nanoTime();
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

    private void dumpThreads(int boot) {
        Path dump = log.resolveSibling(log.getFileName() + ".hung-" + boot + ".txt");
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // The dump only helps diagnose; the restart goes ahead without it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /** The process of the instance's current boot. */
    public long pid() {
        return process.pid();
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
