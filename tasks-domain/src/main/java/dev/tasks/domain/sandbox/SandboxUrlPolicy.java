package dev.tasks.domain.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which sandbox URLs commands may be sent to (docs/cloud-runs.md#sandbox-url-allow-list): {@code scheme://host}
 * patterns, the host exact or {@code *.suffix} (a suffix with at least one more label in front). Any port is allowed; a
 * URL with user-info, another scheme or no host is refused, and so is every host no pattern names,
 * link-local, metadata and internal hosts among them.
 */
public final class SandboxUrlPolicy {

    /** The patterns every installation allows, before its own and its provider's. */
    public static final List<String> DEFAULTS = List.of("http://localhost", "http://127.0.0.1",
            "https://*.modal.run", "https://*.modal.host");

    private record Pattern(String scheme, String host, boolean wildcard) {
        boolean matches(String urlScheme, String urlHost) {
            if (!scheme.equals(urlScheme)) {
                return false;
            }
            return wildcard ? urlHost.endsWith("." + host) && urlHost.length() > host.length() + 1
                    : host.equals(urlHost);
        }
    }

    private final List<Pattern> patterns;

    private SandboxUrlPolicy(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * The policy of {@code patterns}; an entry that is not {@code scheme://host} or
     * {@code scheme://*.suffix} with scheme {@code http} or {@code https} is refused.
     */
    public static SandboxUrlPolicy of(List<String> patterns) {
        List<Pattern> parsed = new ArrayList<>(patterns.size());
        for (String text : patterns) {
            String entry = text.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            int separator = entry.indexOf("://");
            String scheme = separator < 0 ? "" : entry.substring(0, separator);
            String host = separator < 0 ? "" : entry.substring(separator + 3);
            boolean wildcard = host.startsWith("*.");
            String name = wildcard ? host.substring(2) : host;
            if (!("http".equals(scheme) || "https".equals(scheme)) || name.isEmpty()
                    || !name.matches("[a-z0-9.-]+") || name.startsWith(".") || name.endsWith(".")) {
                throw new IllegalArgumentException("Not a sandbox URL pattern (scheme://host or scheme://*.suffix): "
                        + text);
            }
            parsed.add(new Pattern(scheme, name, wildcard));
        }
        return new SandboxUrlPolicy(parsed);
    }

    @Override
    public String toString() {
        return String.join(",", patterns.stream().map(p -> p.scheme() + "://" + (p.wildcard() ? "*." : "") + p.host())
                .toList());
    }

    /** The URL as it may be called, or empty when it is refused. */
    public Optional<URI> allowed(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (uri.getScheme() == null || uri.getRawUserInfo() != null || uri.getHost() == null || uri.isOpaque()) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return Optional.empty();
        }
        return patterns.stream().anyMatch(pattern -> pattern.matches(scheme, host)) ? Optional.of(uri)
                : Optional.empty();
    }
}
