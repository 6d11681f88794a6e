package dev.tasks.integration.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.SandboxRequest;
import dev.tasks.domain.task.TaskId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a process started by the local provider's launcher can see (bubblewrap) and what it is told. */
class LocalLauncherTest {

    @TempDir
    Path temp;

    private static SandboxRequest request(String branch) {
        return new SandboxRequest(new ProjectId(1), new TaskId(UUID.randomUUID()), RunId.random(), "acme/web", branch,
                "background", null, null, null, null, null, List.of(), null, null, null, null, null, false, Map.of(),
                Duration.ofHours(1));
    }

    /**
     * Runs {@code script} the way the launcher runs the agent server: the "runtime" is the system
     * shell, the "server" a script in the agent's directory.
     */
    private String runInside(LocalSettings settings, String script) throws Exception {
        Path root = settings.agentDir().resolve("agent");
        Files.createDirectories(root);
        Path probe = root.resolve("probe.sh");
        Files.writeString(probe, script);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = settings.sandboxes().resolve("local-test");
        Path workspace = dir.resolve("workspace");
        Files.createDirectories(workspace);
        List<String> command = new LocalLauncher(settings).command(request(null),
                new AgentInstall.Installed(Path.of("/bin/sh"), probe, root), 1, dir, workspace);
        Process process = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new String(process.getInputStream().readAllBytes()).strip();
    }

    private LocalSettings settings(boolean bubblewrap) throws Exception {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("db"));
        Files.writeString(data.resolve("db/tasks.mv.db"), "the service's database");
        return new LocalSettings(data, data.resolve("agent"), LocalSettings.DEFAULT_PACKAGE, "file:///git/", 2,
                bubblewrap, Duration.ofSeconds(5));
    }

    @Test
    void insideBubblewrapTheAgentSeesItsWorkspaceButNotTheDatabaseOtherSandboxesOrTheHostsTmp() throws Exception {
        assertTrue(Files.isExecutable(LocalSettings.BWRAP), "bubblewrap is installed (bin/tasks-test installs it)");
        LocalSettings settings = settings(true);
        Path other = settings.sandboxes().resolve("local-other/workspace/secret.txt");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "another run's code");
        Path hostTmp = Files.createTempFile("tasks-host", ".txt");
        String db = settings.dataDir().resolve("db/tasks.mv.db").toString();
        String seen = runInside(settings, "#!/bin/sh\n"
                + "cat " + db + " >/dev/null 2>&1 && echo db:readable || echo db:hidden\n"
                + "cat " + other + " >/dev/null 2>&1 && echo other:readable || echo other:hidden\n"
                + "test -e " + hostTmp + " && echo tmp:shared || echo tmp:private\n"
                + "echo work > ./made.txt && echo workspace:writable\n"
                + "touch /usr/tasks-probe 2>/dev/null && echo usr:writable || echo usr:read-only\n");
        assertEquals(List.of("db:hidden", "other:hidden", "tmp:private", "workspace:writable", "usr:read-only"),
                seen.lines().toList());
        Files.deleteIfExists(hostTmp);
    }

    @Test
    void withoutIsolationTheSameProcessCanReadTheDatabase() throws Exception {
        LocalSettings settings = settings(false);
        String db = settings.dataDir().resolve("db/tasks.mv.db").toString();
        assertEquals("db:readable", runInside(settings, "#!/bin/sh\ncat " + db
                + " >/dev/null 2>&1 && echo db:readable || echo db:hidden\n"), "what none means");
    }

    @Test
    void theAgentServerGetsTheRunsFlags() {
        SandboxRequest request = request("main");
        Path dir = Path.of("/data/sandboxes/local-x");
        List<String> command = new LocalLauncher(new LocalSettings(Path.of("/data"), Path.of("/data/agent"),
                LocalSettings.DEFAULT_PACKAGE, "https://github.com/", 2, false, Duration.ofSeconds(5)))
                .command(request, new AgentInstall.Installed(Path.of("/usr/bin/node"), Path.of("/a/bin.js"),
                        Path.of("/a")), 40123, dir, dir.resolve("workspace"));
        assertEquals(List.of("/usr/bin/node", "/a/bin.js", "--taskId", request.task().toString(), "--runId",
                request.run().toString(), "--port", "40123", "--repositoryPath", "/data/sandboxes/local-x/workspace",
                "--mode", "background", "--baseBranch", "main"), command);
        assertFalse(command.contains("GITHUB_TOKEN"));
    }

    @Test
    void nodeVersionsOlderThanTheAgentNeedsAreNotUsed() {
        assertTrue(AgentInstall.recentEnough("v22.19.0"));
        assertTrue(AgentInstall.recentEnough("v24.1.0\n"));
        assertFalse(AgentInstall.recentEnough("v22.18.9"));
        assertFalse(AgentInstall.recentEnough("v20.20.2"));
        assertFalse(AgentInstall.recentEnough("garbage"));
        assertEquals("posthog-agent-2.4.187", AgentInstall.slug("@posthog/agent@2.4.187"));
    }
}
