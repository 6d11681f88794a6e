package dev.tasks.web.http;

import java.util.List;

/**
 * A response that carries a secret the service shows once and never stores (a new key's value).
 * An idempotency record keeps such a response with each secret replaced by null, so a replay
 * answers the same object without it.
 */
public interface ShownOnce {

    /** JSON pointers to the secrets in this response's JSON form, e.g. {@code /initial_key/value}. */
    List<String> secretPointers();
}
