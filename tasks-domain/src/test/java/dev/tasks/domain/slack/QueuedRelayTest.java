package dev.tasks.domain.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a relay posts (docs/cloud-runs.md#relaying-the-agents-answers). */
class QueuedRelayTest {

    @Test
    void k32_theLastPartThatIsNotBlankWins() {
        assertEquals(Optional.of("Here's your answer."),
                QueuedRelay.textOf("x", List.of("I'll pull DAU.", "Here's your answer.")));
        assertEquals(Optional.of("first"), QueuedRelay.textOf("x", Arrays.asList("  first ", " ", null)));
    }

    @Test
    void k33_blankPartsFallBackToTheTrimmedText() {
        assertEquals(Optional.of("fallback"), QueuedRelay.textOf(" fallback ", List.of("  ", "")));
        assertEquals(Optional.of("t"), QueuedRelay.textOf("t", null));
        assertEquals(Optional.empty(), QueuedRelay.textOf("   ", List.of()));
    }
}
