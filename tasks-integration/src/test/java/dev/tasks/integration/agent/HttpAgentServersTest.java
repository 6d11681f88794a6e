package dev.tasks.integration.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Where a command goes (docs/cloud-runs.md#forwarded-commands). */
class HttpAgentServersTest {

    @Test
    void k15_theCommandRouteFollowsTheSandboxUrlWithoutItsTrailingSlash() {
        assertEquals(URI.create("http://localhost:47821/command"),
                HttpAgentServers.commandUri(URI.create("http://localhost:47821/"), null));
        assertEquals(URI.create("https://sb-1.modal.run/base/command"),
                HttpAgentServers.commandUri(URI.create("https://sb-1.modal.run/base//"), ""));
    }

    @Test
    void k14_theConnectTokenIsAQueryParameter() {
        assertEquals(URI.create("https://sb-1.modal.run/command?_modal_connect_token=modal-token-abc123"),
                HttpAgentServers.commandUri(URI.create("https://sb-1.modal.run"), "modal-token-abc123"));
        assertEquals(URI.create("https://sb-1.modal.run/command?_modal_connect_token=a%26b%3Dc"),
                HttpAgentServers.commandUri(URI.create("https://sb-1.modal.run"), "a&b=c"));
    }
}
