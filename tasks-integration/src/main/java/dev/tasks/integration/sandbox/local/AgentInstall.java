package dev.tasks.integration.sandbox.local;

import dev.tasks.domain.sandbox.SandboxProvider.SandboxException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostHog's agent server, installed once from the npm registry into {@code TASKS_AGENT_DIR}: the
 * pinned package and, when the machine's {@code node} is older than the agent needs, a Node.js 22
 * runtime from the registry's {@code node-linux-<arch>} package. Instances sharing the directory take
 * turns through a file lock; a finished install is marked and never repeated.
 */
final class AgentInstall {

    /** The oldest Node.js the agent runs on. */
    static final int[] MIN_NODE = {22, 19};
    /** The Node.js runtime installed when the machine has none recent enough. */
    static final String NODE_PACKAGE_RANGE = "@^22.19.0";
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(30);
    private static final Logger LOG = Logger.getLogger(AgentInstall.class.getName());

    /** Where the agent is: the Node.js to run it with and its server's entry point. */
    record Installed(Path node, Path agentServer, Path root) {
    }

    private final LocalSettings settings;
    private volatile Installed installed;

    AgentInstall(LocalSettings settings) {
        this.settings = settings;
    }

    /** The installed agent; installs it first when this machine has not yet. */
    Installed ensure() {
        Installed done = installed;
        if (done != null) {
            return done;
        }
        synchronized (this) {
            if (installed == null) {
                installed = install();
            }
            return installed;
        }
    }

    private Installed install() {
        Path root = settings.agentDir().resolve(slug(settings.agentPackage()));
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(settings.agentDir().resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                Path systemNode = nodeOnPath();
                Path marker = root.resolve(".installed");
                Path bundledNode = root.resolve("node_modules").resolve("node-linux-" + arch()).resolve("bin/node");
                List<String> packages = new ArrayList<>();
                if (!Files.exists(marker)) {
                    packages.add(settings.agentPackage());
                }
                if (systemNode == null && !Files.isExecutable(bundledNode)) {
                    packages.add("node-linux-" + arch() + NODE_PACKAGE_RANGE);
                }
                if (!packages.isEmpty()) {
                    npmInstall(root, packages);
                    Files.writeString(marker, settings.agentPackage() + "\n");
                }
                Path server = root.resolve("node_modules/@posthog/agent/dist/server/bin.js");
                if (!Files.isRegularFile(server)) {
                    throw new SandboxException("The agent package " + settings.agentPackage() + " has no "
                            + "dist/server/bin.js; remove " + root + " to install it again");
                }
                Installed ready = new Installed(systemNode != null ? systemNode : bundledNode, server, root);
                LOG.info(() -> "The agent for local sandboxes is ready: " + settings.agentPackage() + " in " + root
                        + ", run by " + ready.node());
                return ready;
            }
        } catch (IOException e) {
            throw new SandboxException("Could not install the agent into " + root + ": " + e.getMessage(), e);
        }
    }

    private void npmInstall(Path root, List<String> packages) throws IOException {
        Path log = settings.agentDir().resolve("install.log");
        List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save",
                "--loglevel=error", "--prefix", root.toString()));
        command.addAll(packages);
        LOG.info(() -> "Installing the agent for local sandboxes (" + String.join(" ", packages) + ") into " + root
                + " from the npm registry; this happens once and takes a minute or two");
        long started = System.nanoTime();
        Process npm;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            // npm gets none of the service's environment (its secrets among it), only what it needs.
            Map<String, String> environment = builder.environment();
            Map<String, String> kept = OutboundEnvironment.fetching(environment);
            kept.putAll(OutboundEnvironment.of(environment, List.of("PATH", "HOME")));
            environment.clear();
            environment.putAll(kept);
            npm = builder.start();
        } catch (IOException e) {
            throw new SandboxException("Could not run npm to install the agent (is Node.js with npm installed?): "
                    + e.getMessage(), e);
        }
        int exit = LocalSandbox.awaitExit(npm, INSTALL_TIMEOUT, "Installing the agent");
        if (exit != 0) {
            throw new SandboxException("Could not install the agent from the npm registry (npm exited "
                    + exit + "): " + Tail.of(log, 12));
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        LOG.info(() -> "The agent for local sandboxes is installed (" + seconds + " s)");
    }

    /** The machine's {@code node}, when it is recent enough for the agent; null otherwise. */
    static Path nodeOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            Path node = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isExecutable(node) && recentEnough(version(node))) {
                return node.toAbsolutePath();
            }
        }
        return null;
    }

    static boolean recentEnough(String version) {
        Matcher matcher = version == null ? null : VERSION.matcher(version.strip());
        if (matcher == null || !matcher.lookingAt()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > MIN_NODE[0] || (major == MIN_NODE[0] && minor >= MIN_NODE[1]);
    }

    private static String version(Path node) {
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return new String(process.getInputStream().readNBytes(64), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code x64} or {@code arm64}, as Node.js names this machine's architecture. */
    static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
    }

    /** A directory name for a package spec: {@code @posthog/agent@2.4.187} → {@code posthog-agent-2.4.187}. */
    static String slug(String packageSpec) {
        String slug = packageSpec.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "agent" : slug;
    }
}
