package dev.tasks.domain.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which sandbox URLs commands may go to (docs/cloud-runs.md#sandbox-url-allow-list). */
class SandboxUrlPolicyTest {

    private static final SandboxUrlPolicy DEFAULTS = SandboxUrlPolicy.of(SandboxUrlPolicy.DEFAULTS);

    @Test
    void k23_internalForeignAndMalformedUrlsAreRefused() {
        for (String url : List.of("http://169.254.169.254", "http://internal-host", "file:///etc/passwd", "ftp://x",
                "http://evil.com", "https://evil.com", "http://localhost@evil.com/", "http://metadata.google.internal",
                "https://modal.run", "https://a.modal.run.evil.com", "https://localhost", "http://[::1]:80",
                "http://user:pw@127.0.0.1", "not a url", "", "//127.0.0.1", "HTTP://evil.com")) {
            assertTrue(DEFAULTS.allowed(url).isEmpty(), url);
        }
        assertTrue(DEFAULTS.allowed(null).isEmpty());
    }

    @Test
    void k24_theDefaultsAllowLoopbackAndModalHostsOnAnyPort() {
        for (String url : List.of("http://localhost:1", "http://127.0.0.1:1", "https://a.modal.run",
                "https://a.w.modal.host", "HTTP://LOCALHOST:47821/", "http://localhost:47821/sub/")) {
            assertTrue(DEFAULTS.allowed(url).isPresent(), url);
        }
    }

    @Test
    void patternsAreExactHostsOrSuffixesWithAtLeastOneMoreLabel() {
        SandboxUrlPolicy policy = SandboxUrlPolicy.of(List.of(" https://sandbox.example ", "http://*.internal.example",
                ""));
        assertTrue(policy.allowed("https://sandbox.example:8443").isPresent());
        assertTrue(policy.allowed("https://a.sandbox.example").isEmpty());
        assertTrue(policy.allowed("http://a.b.internal.example").isPresent());
        assertTrue(policy.allowed("http://internal.example").isEmpty());
        assertTrue(policy.allowed("https://a.internal.example").isEmpty(), "the scheme is part of the pattern");
        assertEquals("https://sandbox.example,http://*.internal.example", policy.toString());
        for (String bad : List.of("sandbox.example", "ftp://x", "https://", "https://*.", "https://a b")) {
            assertThrows(IllegalArgumentException.class, () -> SandboxUrlPolicy.of(List.of(bad)), bad);
        }
    }
}
