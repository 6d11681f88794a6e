package dev.tasks.integration.sandbox.local;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.job.RetryLater;
import dev.tasks.domain.sandbox.Sandbox;
import dev.tasks.domain.sandbox.SandboxProvider;
import dev.tasks.domain.sandbox.SandboxRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@code local} provider: each sandbox is PostHog's agent server running as a process on the
 * service's own machine, in a workspace of its own under {@code $TASKS_DATA_DIR/sandboxes/} with the
 * task's repository cloned into it, inside bubblewrap where it is installed. At most
 * {@code TASKS_SANDBOX_LOCAL_MAX} at once. The sandboxes of this instance end with it; those an
 * earlier run of the service left behind are removed when it starts, and their runs fail as lost.
 */
public final class LocalSandboxProvider implements SandboxProvider {

    public static final String NAME = "local";
    /** How soon a start that found every place taken looks again. */
    static final Duration WAIT_FOR_A_PLACE = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(LocalSandboxProvider.class.getName());

    private final Map<String, LocalSandbox> live = new ConcurrentHashMap<>();
    private volatile Parts parts;

    /** What the provider works with, made on first use (the service loader makes every provider it finds). */
    private record Parts(LocalSettings settings, AgentInstall install, LocalLauncher launcher, String idPrefix) {
    }

    @Override
    public String name() {
        return NAME;
    }

    private Parts parts() {
        Parts made = parts;
        if (made != null) {
            return made;
        }
        synchronized (this) {
            if (parts == null) {
                LocalSettings settings = LocalSettings.from(ConfigProvider.getConfig());
                String idPrefix = "local-" + instanceTag(settings) + "-";
                LocalSandbox.removeLeftovers(settings, idPrefix);
                parts = new Parts(settings, new AgentInstall(settings), new LocalLauncher(settings), idPrefix);
                if (settings.bubblewrap()) {
                    LOG.info(() -> "Local sandboxes: at most " + settings.max() + " at once in " + settings.sandboxes()
                            + ", each inside bubblewrap");
                } else {
                    LOG.warning(() -> "Local sandboxes: at most " + settings.max() + " at once in "
                            + settings.sandboxes() + ", WITHOUT isolation (TASKS_SANDBOX_LOCAL_ISOLATION=none, or"
                            + " bubblewrap is not installed): agents run as this service's user and can read its files");
                }
            }
            return parts;
        }
    }

    @Override
    public void prepare() {
        parts().install().ensure();
    }

    @Override
    public Sandbox create(SandboxRequest request) {
        Parts p = parts();
        AgentInstall.Installed agent = p.install().ensure();
        String id = p.idPrefix() + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        synchronized (live) {
            live.values().removeIf(sandbox -> !sandbox.isAlive() && sandbox.remove());
            if (live.size() >= p.settings().max()) {
                // Not a failure: the start waits its turn, however long the sandboxes ahead of it run.
                throw RetryLater.waiting(WAIT_FOR_A_PLACE, "all " + p.settings().max()
                        + " local sandboxes are in use (TASKS_SANDBOX_LOCAL_MAX)");
            }
            live.put(id, LocalSandbox.reserved(id, p.settings()));
        }
        try {
            LocalSandbox sandbox = p.launcher().start(id, request, agent, freePort());
            live.put(id, sandbox);
            return new Sandbox(id, sandbox.url(), null);
        } catch (RuntimeException e) {
            LocalSandbox failed = live.remove(id);
            if (failed != null) {
                failed.stop();
            }
            throw e instanceof SandboxException || e instanceof RetryLater ? e : new SandboxException(e.getMessage(), e);
        }
    }

    @Override
    public void destroy(String sandboxId) {
        LocalSandbox sandbox = live.remove(sandboxId);
        if (sandbox != null) {
            sandbox.stop();
        }
    }

    @Override
    public boolean isLost(String sandboxId) {
        Parts p = parts;
        if (p == null || sandboxId == null || !sandboxId.startsWith(p.idPrefix())) {
            return false;
        }
        LocalSandbox sandbox = live.get(sandboxId);
        return sandbox == null || !sandbox.isAlive();
    }

    @Override
    public void shutdown() {
        live.values().forEach(LocalSandbox::stop);
        live.clear();
    }

    @Override
    public boolean isEnvironmentAccessible(ProjectId project, UserId user, UUID environment) {
        return false;
    }

    @Override
    public List<String> extraAllowedUrlPatterns() {
        return List.of("http://127.0.0.1");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException("No free loopback port for a sandbox: " + e.getMessage(), e);
        }
    }

    /** Names this instance's sandboxes among those of other instances sharing the database. */
    static String instanceTag(LocalSettings settings) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((host + "|" + settings.sandboxes())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
