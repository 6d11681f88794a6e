package dev.tasks.integration.usage;

import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.integration.plugin.Plugins;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Selects the installation's {@link UsageGate} by the name in {@code TASKS_USAGE_GATE} (default
 * {@code none}) and guards it: a gate that throws or does not answer within
 * {@link UsageGate#ANSWER_WITHIN} allows, and the failure is logged. An unknown name stops the
 * deployment.
 */
@ApplicationScoped
public class UsageGates {

    private static final Logger LOG = Logger.getLogger(UsageGates.class.getName());

    @Inject
    @ConfigProperty(name = "tasks.usage.gate", defaultValue = NoUsageGate.NAME)
    String selected;

    /** A gate's calls run here, so that one which hangs costs a virtual thread, not the request. */
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    @Produces
    @ApplicationScoped
    UsageGate gate() {
        UsageGate gate = Plugins.named(UsageGate.class, UsageGate::name, selected, "usage gate", "tasks.usage.gate");
        return gate instanceof NoUsageGate ? gate : new Guarded(gate, calls);
    }

    @PreDestroy
    void close() {
        calls.shutdownNow();
    }

    /** A gate whose failures and silences allow. */
    record Guarded(UsageGate gate, ExecutorService calls) implements UsageGate {

        @Override
        public String name() {
            return gate.name();
        }

        @Override
        public Verdict check(Request request) {
            CompletableFuture<Verdict> verdict = CompletableFuture.supplyAsync(() -> gate.check(request), calls);
            try {
                Verdict answer = verdict.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                return answer == null ? UsageGate.allow() : answer;
            } catch (TimeoutException e) {
                verdict.cancel(true);
                LOG.warning(() -> "Usage gate " + gate.name() + " did not answer within " + ANSWER_WITHIN.toMillis()
                        + " ms; the run is allowed");
            } catch (ExecutionException e) {
                LOG.log(Level.WARNING, "Usage gate " + gate.name() + " failed; the run is allowed",
                        LogSafe.throwable(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return UsageGate.allow();
        }
    }
}
