package dev.tasks.domain.shared;

import java.util.Optional;

/**
 * Which hosts the service may call when a project member names them (the PostHog integration's
 * {@code host}, and any later member-set URL). Asked when the host is stored and again before each
 * call, so a name that later resolves elsewhere is caught too. By default nothing on loopback,
 * link-local (cloud metadata included), private, multicast or unspecified addresses is reachable;
 * the administrator may allow hosts or address ranges.
 */
public interface OutboundPolicy {

    /** Why the service may not call {@code host} (a name or an address literal), or empty when it may. */
    Optional<String> refusal(String host);
}
