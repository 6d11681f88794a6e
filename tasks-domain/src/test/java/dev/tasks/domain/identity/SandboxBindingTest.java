package dev.tasks.domain.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.SandboxBinding.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where a sandbox key may go (docs/cloud-runs.md#sandbox-keys). */
class SandboxBindingTest {

    private static final UUID TASK = UUID.fromString("0b5c8c52-3f5e-4a57-9f33-2f0b3f9c1a11");
    private static final Instant END = Instant.parse("2026-01-01T07:00:00Z");
    private static final SandboxBinding BINDING = new SandboxBinding(UUID.randomUUID(), TASK, END);

    @Test
    void theRoutesOfItsOwnTaskAreOpen() {
        assertEquals(Verdict.ALLOWED, BINDING.admits(TASK.toString(), false));
        assertEquals(Verdict.ALLOWED, BINDING.admits(TASK.toString().toUpperCase(), false));
    }

    @Test
    void anotherTasksRoutesAreNotFoundAndRoutesOfNoTaskForbiddenUnlessOpen() {
        for (String other : List.of(UUID.randomUUID().toString(), "garbage", "")) {
            assertEquals(Verdict.NOT_FOUND, BINDING.admits(other, true), other);
        }
        assertEquals(Verdict.FORBIDDEN, BINDING.admits(null, false));
        assertEquals(Verdict.ALLOWED, BINDING.admits(null, true));
    }

    @Test
    void itExpires() {
        assertFalse(BINDING.isExpired(END.minusMillis(1)));
        assertTrue(BINDING.isExpired(END));
        PersonalApiKey key = new PersonalApiKey(UUID.randomUUID(), new UserId(1), "sandbox:x", "digest", "phx_...",
                Scopes.of(), List.of(), END, null, BINDING);
        assertTrue(key.isSandboxKey());
        assertTrue(key.isUsableAt(END.minusSeconds(1)));
        assertFalse(key.isUsableAt(END));
    }
}
