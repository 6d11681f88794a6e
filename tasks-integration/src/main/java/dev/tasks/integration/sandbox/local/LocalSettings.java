package dev.tasks.integration.sandbox.local;

import dev.tasks.domain.shared.ConfigurationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the {@code local} sandbox provider, read through MicroProfile Config (environment
 * variables, system properties or the server's configuration):
 *
 * @param dataDir      {@code TASKS_DATA_DIR}: sandboxes live in its {@code sandboxes/}
 * @param agentDir     {@code TASKS_AGENT_DIR}: where the agent (and a Node.js runtime when needed) is installed
 * @param agentPackage {@code TASKS_AGENT_PACKAGE}: the npm package spec of the agent
 * @param gitBaseUrl   {@code TASKS_SANDBOX_GIT_BASE_URL}: clone URLs are {@code <base><owner>/<name>.git}
 * @param max          {@code TASKS_SANDBOX_LOCAL_MAX}: sandboxes at once
 * @param bubblewrap   {@code TASKS_SANDBOX_LOCAL_ISOLATION}: whether each sandbox runs inside bubblewrap
 * @param readyWithin  how long an agent may take to report ready
 */
record LocalSettings(Path dataDir, Path agentDir, String agentPackage, String gitBaseUrl, int max, boolean bubblewrap,
                     Duration readyWithin) {

    static final String DEFAULT_PACKAGE = "@posthog/agent@2.4.187";
    static final Path BWRAP = Path.of("/usr/bin/bwrap");

    static LocalSettings from(Config config) {
        Path data = Path.of(config.getOptionalValue("tasks.data.dir", String.class).orElse("./data"))
                .toAbsolutePath().normalize();
        Path agent = config.getOptionalValue("tasks.agent.dir", String.class).map(Path::of)
                .orElse(data.resolve("agent")).toAbsolutePath().normalize();
        String isolation = config.getOptionalValue("tasks.sandbox.local.isolation", String.class)
                .orElse(Files.isExecutable(BWRAP) ? "bwrap" : "none").strip().toLowerCase(Locale.ROOT);
        if (!isolation.equals("bwrap") && !isolation.equals("none")) {
            throw new ConfigurationError("tasks.sandbox.local.isolation", "must be bwrap or none, not '" + isolation + "'");
        }
        if (isolation.equals("bwrap") && !Files.isExecutable(BWRAP)) {
            throw new ConfigurationError("tasks.sandbox.local.isolation", "bwrap is chosen, but " + BWRAP
                    + " is not installed (Debian package bubblewrap)");
        }
        String base = config.getOptionalValue("tasks.sandbox.git.base.url", String.class).orElse("https://github.com/");
        return new LocalSettings(data, agent,
                config.getOptionalValue("tasks.agent.package", String.class).orElse(DEFAULT_PACKAGE).strip(),
                base.endsWith("/") ? base : base + "/",
                Math.max(1, config.getOptionalValue("tasks.sandbox.local.max", Integer.class).orElse(2)),
                isolation.equals("bwrap"), Duration.ofSeconds(Math.max(5,
                        config.getOptionalValue("tasks.sandbox.local.ready.seconds", Integer.class).orElse(180))));
    }

    Path sandboxes() {
        return dataDir.resolve("sandboxes");
    }

    /** The agents' own output, one file per sandbox, kept after the sandbox is gone (outside its view). */
    Path logs() {
        return dataDir.resolve("sandbox-logs");
    }

    /** The output of sandbox {@code id}'s agent. */
    Path logOf(String id) {
        return logs().resolve(id + ".log");
    }

    /** The file naming sandbox {@code id}'s process, outside the sandbox's view. */
    Path pidFileOf(String id) {
        return logs().resolve(id + ".pid");
    }
}
