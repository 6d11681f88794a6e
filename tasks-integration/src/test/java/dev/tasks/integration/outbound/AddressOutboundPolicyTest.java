package dev.tasks.integration.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.shared.ConfigurationError;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Member-set hosts: public addresses only, unless the administrator allows a name or a range. */
class AddressOutboundPolicyTest {

    private static AddressOutboundPolicy policy(String allowed) {
        var policy = new AddressOutboundPolicy();
        policy.configure(allowed);
        return policy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "169.254.169.254", "10.0.0.1", "172.16.5.4",
            "192.168.1.1", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "[::1]", "::",
            "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "ff02::1", "::169.254.169.254",
            "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "2002:7f00:1::1", "198.18.0.1", "192.0.0.8", "2001:db8::1"})
    void privateLoopbackLinkLocalMulticastAndUnspecifiedAreRefused(String host) {
        assertTrue(policy("").refusal(host).isPresent(), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "[2001:4860:4860::8888]"})
    void publicAddressesAreAllowed(String host) {
        assertEquals(Optional.empty(), policy("").refusal(host));
    }

    @Test
    void theAdministratorAllowsNamesAndRanges() {
        AddressOutboundPolicy policy = policy(" posthog.internal , 10.0.0.0/8, fd00::/8 ,127.0.0.1");
        assertEquals(Optional.empty(), policy.refusal("10.20.30.40"));
        assertEquals(Optional.empty(), policy.refusal("fd12::1"));
        assertEquals(Optional.empty(), policy.refusal("127.0.0.1"));
        assertEquals(Optional.empty(), policy.refusal("POSTHOG.internal"));
        assertTrue(policy.refusal("11.0.0.0").isEmpty());
        assertTrue(policy.refusal("127.0.0.2").isPresent());
        assertTrue(policy.refusal("192.168.0.1").isPresent());
    }

    @Test
    void namesThatDoNotResolveAreLeftToTheCallButNoHostIsRefused() {
        assertEquals(Optional.empty(), policy("").refusal("no-such-host.invalid"));
        assertTrue(policy("").refusal("").isPresent());
    }

    @Test
    void aMalformedRangeStopsTheConfiguration() {
        ConfigurationError refused = assertThrows(ConfigurationError.class, () -> policy("10.0.0.0/33"));
        assertEquals("Setting tasks.outbound.allowed.hosts (environment variable TASKS_OUTBOUND_ALLOWED_HOSTS):"
                + " '10.0.0.0/33' is neither a host name nor an address range such as 10.0.0.0/8", refused.getMessage());
        assertThrows(ConfigurationError.class, () -> policy("example.com/8"));
    }
}
