package dev.tasks.domain.idempotency;

import java.time.Duration;
import java.time.Instant;

/**
 * The idempotency port. A record is claimed before the request executes, in a transaction of its
 * own (a unique key makes concurrent first uses race safely), and completed or released after.
 * Records older than their time-to-live count as absent.
 */
public interface IdempotencyRecords {

    /** A claim left in progress this long is taken to belong to a request that died. */
    Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    Claim claim(IdempotencyKey key, String fingerprint, Instant now, Duration timeToLive);

    void complete(IdempotencyKey key, StoredResponse response);

    /** Forgets the key, so that the client may retry with it. */
    void release(IdempotencyKey key);

    /** Deletes records created before {@code cutoff}; returns how many. */
    int purgeCreatedBefore(Instant cutoff);

    /** What a claim found. */
    sealed interface Claim {
        /** The key was free: execute the request. */
        record Claimed() implements Claim { }

        /** The first request finished: answer with its response. */
        record Replay(StoredResponse response) implements Claim { }

        /** The key belongs to a different request. */
        record Mismatch() implements Claim { }

        /** The first request is still executing. */
        record InProgress() implements Claim { }
    }
}
