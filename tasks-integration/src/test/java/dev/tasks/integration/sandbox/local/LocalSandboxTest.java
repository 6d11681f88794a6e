package dev.tasks.integration.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start of the service does with the local sandboxes an earlier run left behind. */
class LocalSandboxTest {

    @TempDir
    Path temp;

    private LocalSettings settings() {
        return new LocalSettings(temp, temp.resolve("agent"), LocalSettings.DEFAULT_PACKAGE, "file:///git/", 2, false,
                Duration.ofSeconds(5));
    }

    /** A sandbox directory whose pid file names {@code process}, as a running sandbox's does. */
    private Path leftover(LocalSettings settings, String id, ProcessHandle process) throws Exception {
        Path dir = settings.sandboxes().resolve(id).resolve("workspace");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("code.txt"), "work");
        Files.createDirectories(settings.logs());
        Files.writeString(settings.pidFileOf(id), process.pid() + " "
                + process.info().startInstant().map(Instant::toString).orElse("-") + "\n");
        return dir.getParent();
    }

    @Test
    void itsOwnLeftoversAreEndedAndRemovedAndAnotherInstancesAreNot() throws Exception {
        LocalSettings settings = settings();
        Process mine = new ProcessBuilder("sleep", "60").start();
        Process theirs = new ProcessBuilder("sleep", "60").start();
        try {
            Path myDir = leftover(settings, "local-aaaa0000-1", mine.toHandle());
            Path theirDir = leftover(settings, "local-bbbb1111-1", theirs.toHandle());

            LocalSandbox.removeLeftovers(settings, "local-aaaa0000-");

            assertTrue(mine.waitFor(10, TimeUnit.SECONDS), "the left process is ended");
            assertFalse(Files.exists(myDir));
            assertFalse(Files.exists(settings.pidFileOf("local-aaaa0000-1")));
            assertTrue(theirs.isAlive(), "another instance's sandbox keeps running");
            assertTrue(Files.exists(theirDir));
        } finally {
            mine.destroyForcibly();
            theirs.destroyForcibly();
        }
    }

    @Test
    void aPidFileNamingAnotherProcessNowIsNotObeyed() throws Exception {
        LocalSettings settings = settings();
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            String id = "local-aaaa0000-2";
            leftover(settings, id, unrelated.toHandle());
            // The pid was reused: the recorded start time is not this process's.
            Files.writeString(settings.pidFileOf(id), unrelated.pid() + " 2020-01-01T00:00:00Z\n");

            LocalSandbox.removeLeftovers(settings, "local-aaaa0000-");

            assertTrue(unrelated.isAlive(), "a process that only shares the pid is left alone");
            assertFalse(Files.exists(settings.sandboxes().resolve(id)));
        } finally {
            unrelated.destroyForcibly();
        }
    }
}
