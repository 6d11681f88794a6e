package dev.tasks.web.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * How many bytes of request bodies this instance holds in memory at once. A request reserves its
 * body's memory (a small body's before reading it, a large one's as it arrives) and gives it back
 * when it ends; when the budget is spent, it waits a bounded time and then answers 503. Parsing, storing and answering a body costs a few times its
 * size, so the budget defaults to an eighth of the heap (never less than one body of the largest
 * size): six concurrent 64 MiB requests queue instead of exhausting a 512 MiB heap.
 */
@ApplicationScoped
public class BodyMemory {

    private static final Logger LOG = Logger.getLogger(BodyMemory.class.getName());
    /** Budget units: bytes are reserved in kibibytes so that the budget fits a semaphore's int. */
    private static final int UNIT = 1024;

    @Inject
    HttpSettings settings;

    private Semaphore permits;
    private long budgetBytes;
    /**
     * Large bodies are reserved as they arrive, so that a slow sender holds only what it sent; they
     * are read one at a time, so that several of them never each hold part of the budget while all
     * wait for the rest.
     */
    private final ReentrantLock largeBodies = new ReentrantLock(true);

    @PostConstruct
    void init() {
        long configured = settings.bodyMemoryBytes();
        long budget = configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 8;
        budgetBytes = Math.min(Math.max(budget, settings.maxRequestBytes()), (long) Integer.MAX_VALUE * UNIT);
        permits = new Semaphore(units(budgetBytes), true);
        LOG.config(() -> "Request bodies may hold " + budgetBytes + " bytes at once");
    }

    /** How many bytes of bodies are held now (reserved, in whole kibibytes). */
    public long inUseBytes() {
        return budgetBytes - (long) permits.availablePermits() * UNIT;
    }

    /** The whole budget, in bytes. */
    public long budgetBytes() {
        return budgetBytes;
    }

    /**
     * Reserves {@code bytes}, waiting at most the configured time; the reservation is released with
     * {@link #release(int)} of the returned units.
     *
     * @throws ApiException 503 when the budget stays spent
     */
    int reserve(long bytes) {
        int units = units(Math.min(bytes, budgetBytes));
        try {
            if (permits.tryAcquire(units, settings.bodyMemoryWaitSeconds(), TimeUnit.SECONDS)) {
                return units;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw ApiException.busy(1);
    }

    /** Takes the turn to read a large body, waiting at most the configured time (then 503). */
    void beginLargeBody() {
        try {
            if (largeBodies.tryLock(settings.bodyMemoryWaitSeconds(), TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw ApiException.busy(1);
    }

    void endLargeBody() {
        largeBodies.unlock();
    }

    void release(int units) {
        if (units > 0) {
            permits.release(units);
        }
    }

    private static int units(long bytes) {
        return (int) Math.max(1, (bytes + UNIT - 1) / UNIT);
    }
}
