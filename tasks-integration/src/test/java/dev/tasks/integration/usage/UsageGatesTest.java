package dev.tasks.integration.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.shared.ConfigurationError;
import dev.tasks.domain.shared.UsageLimited;
import dev.tasks.domain.task.TaskId;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gate is chosen by name; {@code none} allows; a gate that throws or hangs allows (docs/cloud-runs.md#usage-gate).
 */
class UsageGatesTest {

    private static final UsageGate.Request REQUEST = new UsageGate.Request(new ProjectId(1), new UserId(2),
            new TaskId(UUID.randomUUID()), null, UsageGate.Action.RUN);

    private static UsageGate guarded(UsageGate gate) {
        return new UsageGates.Guarded(gate, Executors.newVirtualThreadPerTaskExecutor());
    }

    private static UsageGate gate(Function<UsageGate.Request, UsageGate.Verdict> check) {
        return new UsageGate() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public Verdict check(Request request) {
                return check.apply(request);
            }
        };
    }

    @Test
    void theDefaultGateIsNoneAndAllowsEverything() {
        var gates = new UsageGates();
        gates.selected = " none ";
        UsageGate none = gates.gate();
        assertInstanceOf(NoUsageGate.class, none);
        assertInstanceOf(UsageGate.Allowed.class, none.check(REQUEST));
    }

    @Test
    void anUnknownNameStopsTheDeploymentNamingTheGatesThereAre() {
        var gates = new UsageGates();
        gates.selected = "stripe";
        ConfigurationError refused = assertThrows(ConfigurationError.class, gates::gate);
        assertEquals("Setting tasks.usage.gate (environment variable TASKS_USAGE_GATE): 'stripe' is not a usage gate"
                + " this installation has; use one of: none", refused.getMessage());
    }

    @Test
    void theGateGetsTheRequestAndItsRefusalIsPassedOn() {
        var refused = new UsageGate.Refused("Limit reached", true, UsageLimited.LimitType.SUSTAINED, null);
        var seen = new AtomicReference<UsageGate.Request>();
        assertEquals(refused, guarded(gate(request -> {
            seen.set(request);
            return refused;
        })).check(REQUEST));
        assertEquals(REQUEST, seen.get());
    }

    @Test
    void aGateThatThrowsOrAnswersNothingAllows() {
        assertInstanceOf(UsageGate.Allowed.class, guarded(gate(request -> {
            throw new IllegalStateException("billing is down");
        })).check(REQUEST));
        assertInstanceOf(UsageGate.Allowed.class, guarded(gate(request -> null)).check(REQUEST));
    }

    @Test
    void aGateThatHangsAllowsAfterItsTimeLimit() {
        CountDownLatch never = new CountDownLatch(1);
        long started = System.nanoTime();
        UsageGate.Verdict verdict = guarded(gate(request -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new UsageGate.Refused("too late", false, null, null);
        })).check(REQUEST);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertInstanceOf(UsageGate.Allowed.class, verdict);
        assertTrue(waited.compareTo(UsageGate.ANSWER_WITHIN) >= 0 && waited.compareTo(Duration.ofSeconds(5)) < 0,
                "waited " + waited);
    }
}
