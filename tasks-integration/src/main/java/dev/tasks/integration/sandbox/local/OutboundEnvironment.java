package dev.tasks.integration.sandbox.local;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the processes of local sandboxes (npm, git, the agent) take from the service's own
 * environment, which they otherwise never see: how this machine reaches the network. Behind a proxy
 * that inspects TLS, npm and Node.js trust its certificate authority only through these settings.
 */
final class OutboundEnvironment {

    /** Where the machine's trusted certificate authorities are. */
    static final List<String> TRUST = List.of("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
            "GIT_SSL_CAINFO");
    /** The machine's proxies and registry. */
    static final List<String> ROUTES = List.of("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy",
            "http_proxy", "no_proxy", "npm_config_registry", "NPM_CONFIG_REGISTRY", "npm_config_cafile",
            "NPM_CONFIG_CAFILE");

    private OutboundEnvironment() {
    }

    /** The variables among {@code names} that {@code from} sets. */
    static Map<String, String> of(Map<String, String> from, List<String> names) {
        Map<String, String> kept = new HashMap<>();
        for (String name : names) {
            String value = from.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    /** Trust and routes: for npm and git, which fetch from the network. */
    static Map<String, String> fetching(Map<String, String> from) {
        Map<String, String> kept = of(from, TRUST);
        kept.putAll(of(from, ROUTES));
        return kept;
    }
}
