package dev.tasks.integration.sandbox.local;

import dev.tasks.domain.sandbox.SandboxProvider.SandboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One local sandbox: its directory ({@code workspace/} with the clone, {@code home/}, {@code tmp/}),
 * the agent server's process, reached on a loopback port, and a pid file outside the sandbox's view
 * ({@code sandbox-logs/<id>.pid}) naming that process so that a later start of the service can end it.
 */
final class LocalSandbox {

    /** How long a sandbox's processes get to stop before they are killed. */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LocalSandbox.class.getName());

    private final String id;
    private final Path dir;
    private final Path pidFile;
    private final Process process;
    private final int port;

    private LocalSandbox(String id, LocalSettings settings, Process process, int port) {
        this.id = id;
        this.dir = settings.sandboxes().resolve(id);
        this.pidFile = settings.pidFileOf(id);
        this.process = process;
        this.port = port;
    }

    /** A place taken while the sandbox starts. */
    static LocalSandbox reserved(String id, LocalSettings settings) {
        return new LocalSandbox(id, settings, null, 0);
    }

    /** A started sandbox; its process is ended again when its pid cannot be recorded. */
    static LocalSandbox running(String id, LocalSettings settings, Process process, int port) {
        LocalSandbox sandbox = new LocalSandbox(id, settings, process, port);
        try {
            Files.writeString(sandbox.pidFile, process.pid() + " "
                    + process.info().startInstant().map(Instant::toString).orElse("-") + "\n");
        } catch (IOException e) {
            sandbox.stop();
            throw new UncheckedIOException(e);
        }
        return sandbox;
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

    /** Removes the directory and the pid file; returns true so that it can stand in a predicate. */
    boolean remove() {
        deleteTree(dir);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // Left for the next start's sweep.
        }
        return true;
    }

    /**
     * Waits for a helper process (npm, git) to exit; one that takes longer than {@code limit}, or whose
     * wait is interrupted, is ended with everything it started.
     *
     * @param doing what it does, for the refusal ("Cloning acme/web")
     * @return its exit code
     */
    static int awaitExit(Process process, Duration limit, String doing) {
        try {
            if (process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                return process.exitValue();
            }
            end(process.toHandle());
            throw new SandboxException(doing + " took more than " + limit.toMinutes() + " minutes");
        } catch (InterruptedException e) {
            end(process.toHandle());
            Thread.currentThread().interrupt();
            throw new SandboxException(doing + " was interrupted", e);
        }
    }

    /**
     * Ends a process and everything it started: the whole tree is taken before any of it is signalled
     * (a child whose parent dies first is re-parented and would no longer show as a descendant), asked
     * to stop, and killed when it has not within {@link #GRACE}.
     */
    static void end(ProcessHandle process) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle member : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0 && member.isAlive()) {
                try {
                    member.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // Killed below.
                }
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Ends the processes of this instance's sandboxes ({@code prefix}) that an earlier run of the
     * service left behind, and removes them; other instances' sandboxes are theirs.
     */
    static void removeLeftovers(LocalSettings settings, String prefix) {
        if (!Files.isDirectory(settings.sandboxes())) {
            return;
        }
        try (Stream<Path> dirs = Files.list(settings.sandboxes())) {
            dirs.filter(Files::isDirectory).filter(dir -> dir.getFileName().toString().startsWith(prefix)).forEach(dir -> {
                String id = dir.getFileName().toString();
                leftoverProcess(settings.pidFileOf(id)).ifPresent(LocalSandbox::end);
                new LocalSandbox(id, settings, null, 0).remove();
                LOG.info(() -> "Removed the local sandbox " + id + " an earlier run of the service left");
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not look for leftover local sandboxes in " + settings.sandboxes(), e);
        }
    }

    /** The process a pid file names, if it still runs and is the one that wrote it (pids are reused). */
    static Optional<ProcessHandle> leftoverProcess(Path pidFile) {
        try {
            String[] recorded = Files.readString(pidFile, StandardCharsets.UTF_8).strip().split(" ");
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(recorded[0]));
            return process.filter(handle -> recorded.length > 1 && handle.info().startInstant()
                    .map(Instant::toString).orElse("-").equals(recorded[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Deletes a directory tree; a second pass takes what a process still writing left behind. */
    static void deleteTree(Path dir) {
        for (int pass = 0; pass < 2 && Files.exists(dir); pass++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        // Taken by the next pass, or the next start's sweep.
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                LOG.log(Level.WARNING, "Could not remove " + dir, e);
            }
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
