package dev.tasks.domain.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code min(base × 2^(attempts−1), cap)} ± 20 % (docs/cloud-runs.md#leases-and-retries). */
class BackoffTest {

    private static final Backoff START = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void theDelayDoublesFromTheBaseUpToTheCap() {
        assertEquals(Duration.ofSeconds(5), START.nominal(1));
        assertEquals(Duration.ofSeconds(10), START.nominal(2));
        assertEquals(Duration.ofSeconds(40), START.nominal(4));
        assertEquals(Duration.ofSeconds(60), START.nominal(5));
        assertEquals(Duration.ofSeconds(60), START.nominal(1_000_000), "no overflow");
        assertEquals(Duration.ofSeconds(5), START.nominal(0));
    }

    @Test
    void jitterSpreadsTheDelayByAFifthEitherWay() {
        assertEquals(Duration.ofSeconds(8), START.after(2, 0.0));
        assertEquals(Duration.ofSeconds(10), START.after(2, 0.5));
        assertEquals(Duration.ofSeconds(11), START.after(2, 0.75));
        assertEquals(Duration.ofMillis(11_999), START.after(2, 0.99975));
        assertEquals(Duration.ofSeconds(48), START.after(9, 0.0), "around the cap too");
    }

    @Test
    void theBaseIsPositiveAndNotAboveTheCap() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertEquals(true, RetryLater.waiting(Duration.ofSeconds(1), "behind").isWaiting());
        assertEquals(false, new RetryLater(Duration.ofSeconds(1), "429").isWaiting());
    }
}
