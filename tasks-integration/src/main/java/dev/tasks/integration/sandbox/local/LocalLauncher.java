package dev.tasks.integration.sandbox.local;

import dev.tasks.domain.sandbox.SandboxProvider.SandboxException;
import dev.tasks.domain.sandbox.SandboxRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a local sandbox: its directory, the task's repository cloned at the run's base branch (with
 * the run's GitHub token when it has one, passed to git in its environment, never on a command line),
 * and PostHog's agent server on a loopback port with the run's flags and environment and a home of
 * its own, inside bubblewrap when isolation is on. It is ready when its {@code /health} says so.
 */
final class LocalLauncher {

    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern READINESS = Pattern.compile("\"readiness\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(250);

    private final LocalSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LocalLauncher(LocalSettings settings) {
        this.settings = settings;
    }

    LocalSandbox start(String id, SandboxRequest request, AgentInstall.Installed agent, int port) {
        Path dir = settings.sandboxes().resolve(id);
        Path workspace = dir.resolve("workspace");
        Path home = dir.resolve("home");
        Path log = settings.logOf(id);
        try {
            Files.createDirectories(settings.logs());
            Files.createDirectories(home);
            Files.createDirectories(dir.resolve("tmp"));
            if (request.repository() == null) {
                Files.createDirectories(workspace);
            } else {
                clone(request, workspace, home, log);
            }
        } catch (IOException e) {
            throw new SandboxException("Could not prepare the sandbox's workspace: " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(command(request, agent, port, dir, workspace))
                .directory(workspace.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        Map<String, String> trust = OutboundEnvironment.of(environment, OutboundEnvironment.TRUST);
        environment.clear();
        environment.putAll(trust);
        environment.putAll(request.environment());
        environment.put("PATH", agent.node().getParent() + ":/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", home.toString());
        environment.put("TMPDIR", settings.bubblewrap() ? "/tmp" : dir.resolve("tmp").toString());
        environment.put("LANG", "C.UTF-8");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SandboxException("Could not start the agent server: " + e.getMessage(), e);
        }
        LocalSandbox sandbox = LocalSandbox.running(id, settings, process, port);
        awaitReady(sandbox, process, port, log);
        return sandbox;
    }

    /** The agent server's command line, inside bubblewrap when isolation is on. */
    List<String> command(SandboxRequest request, AgentInstall.Installed agent, int port, Path dir, Path workspace) {
        List<String> command = new ArrayList<>();
        if (settings.bubblewrap()) {
            command.addAll(List.of(LocalSettings.BWRAP.toString(), "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                    "--new-session", "--cap-drop", "ALL",
                    "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
                    "--ro-bind-try", "/bin", "/bin", "--ro-bind-try", "/sbin", "/sbin",
                    "--ro-bind-try", "/lib", "/lib", "--ro-bind-try", "/lib64", "/lib64",
                    "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                    "--ro-bind", agent.root().toString(), agent.root().toString()));
            if (!agent.node().startsWith("/usr/") && !agent.node().startsWith(agent.root())) {
                command.addAll(List.of("--ro-bind", agent.node().getParent().toString(),
                        agent.node().getParent().toString()));
            }
            command.addAll(List.of("--bind", dir.toString(), dir.toString(), "--chdir", workspace.toString(), "--"));
        }
        command.addAll(List.of(agent.node().toString(), agent.agentServer().toString(),
                "--taskId", request.task().toString(), "--runId", request.run().toString(),
                "--port", Integer.toString(port), "--repositoryPath", workspace.toString()));
        if (request.mode() != null) {
            command.addAll(List.of("--mode", request.mode()));
        }
        if (baseBranch(request) != null) {
            command.addAll(List.of("--baseBranch", baseBranch(request)));
        }
        return command;
    }

    /** The run's base branch, or null when it names none. */
    private static String baseBranch(SandboxRequest request) {
        return request.branch() == null || request.branch().isBlank() ? null : request.branch();
    }

    private void clone(SandboxRequest request, Path workspace, Path home, Path log) throws IOException {
        String[] parts = request.repository().split("/");
        if (parts.length != 2 || !NAME_PART.matcher(parts[0]).matches() || !NAME_PART.matcher(parts[1]).matches()) {
            throw new SandboxException("The repository " + request.repository() + " cannot be cloned");
        }
        List<String> command = new ArrayList<>(List.of("git", "clone", "--quiet"));
        if (baseBranch(request) != null) {
            command.addAll(List.of("--branch", baseBranch(request)));
        }
        command.addAll(List.of("--", settings.gitBaseUrl() + parts[0] + "/" + parts[1] + ".git", workspace.toString()));
        ProcessBuilder git = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // git gets none of the service's environment (its secrets among it), only what it needs.
        Map<String, String> environment = git.environment();
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        Map<String, String> outbound = OutboundEnvironment.fetching(environment);
        environment.clear();
        environment.putAll(outbound);
        environment.put("PATH", path);
        environment.put("HOME", home.toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_TERMINAL_PROMPT", "0");
        String token = request.environment().get("GITHUB_TOKEN");
        if (token != null && !token.isBlank()) {
            environment.put("GIT_CONFIG_COUNT", "1");
            environment.put("GIT_CONFIG_KEY_0", "http.extraHeader");
            environment.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + Base64.getEncoder()
                    .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8)));
        }
        if (LocalSandbox.awaitExit(git.start(), CLONE_TIMEOUT, "Cloning " + request.repository()) != 0) {
            throw new SandboxException("Could not clone " + request.repository() + ": " + Tail.of(log, 5));
        }
    }

    private void awaitReady(LocalSandbox sandbox, Process process, int port, Path log) {
        long deadline = System.nanoTime() + settings.readyWithin().toNanos();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        String state = "not answering";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new SandboxException("The agent server exited (" + process.exitValue() + "): " + Tail.of(log, 20));
            }
            state = readiness(health).orElse(state);
            if (state.equals("ready")) {
                return;
            }
            if (state.equals("failed")) {
                break;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sandbox.stop();
        throw new SandboxException("The agent server did not become ready (" + state + "): " + Tail.of(log, 20));
    }

    private Optional<String> readiness(URI health) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = READINESS.matcher(answer.body());
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
