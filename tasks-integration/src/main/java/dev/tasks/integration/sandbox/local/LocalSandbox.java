package dev.tasks.integration.sandbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One local sandbox: its directory ({@code workspace/} with the clone, {@code home/}, {@code tmp/},
 * and a {@code pid} file naming its process so that a later start of the service can end it) and the
 * agent server's process, reached on a loopback port.
 */
final class LocalSandbox {

    static final String PID_FILE = "pid";
    private static final Logger LOG = Logger.getLogger(LocalSandbox.class.getName());

    private final String id;
    private final Path dir;
    private final Process process;
    private final int port;

    private LocalSandbox(String id, Path dir, Process process, int port) {
        this.id = id;
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** A place taken while the sandbox starts. */
    static LocalSandbox reserved(String id, Path dir) {
        return new LocalSandbox(id, dir, null, 0);
    }

    static LocalSandbox running(String id, Path dir, Process process, int port) {
        try {
            Files.writeString(dir.resolve(PID_FILE), process.pid() + " "
                    + process.info().startInstant().map(Instant::toString).orElse("-") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalSandbox(id, dir, process, port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path dir() {
        return dir;
    }

    /** Starting, or running. */
    boolean isAlive() {
        return process == null || process.isAlive();
    }

    /** Ends the process tree and removes the directory. */
    void stop() {
        if (process != null) {
            end(process.toHandle());
        }
        remove();
    }

    /** Removes the directory; returns true so that it can stand in a predicate. */
    boolean remove() {
        deleteTree(dir);
        return true;
    }

    static void end(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** Ends the processes of sandboxes an earlier run of the service left behind and removes them. */
    static void removeLeftovers(Path sandboxes) {
        if (!Files.isDirectory(sandboxes)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(sandboxes)) {
            dirs.filter(Files::isDirectory).forEach(dir -> {
                leftoverProcess(dir).ifPresent(LocalSandbox::end);
                deleteTree(dir);
                LOG.info(() -> "Removed the local sandbox " + dir.getFileName() + " an earlier run of the service left");
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not look for leftover local sandboxes in " + sandboxes, e);
        }
    }

    /** The process a pid file names, if it still runs and is the one that wrote it (pids are reused). */
    static Optional<ProcessHandle> leftoverProcess(Path dir) {
        try {
            String[] recorded = Files.readString(dir.resolve(PID_FILE), StandardCharsets.UTF_8).strip().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(recorded[0]));
            return process.filter(handle -> recorded.length > 1 && handle.info().startInstant()
                    .map(Instant::toString).orElse("-").equals(recorded[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Left for the next start's sweep.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "Could not remove " + dir, e);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
