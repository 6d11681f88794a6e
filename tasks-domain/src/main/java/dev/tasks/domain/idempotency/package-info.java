/** Replaying the first outcome of a creating request retried with the same {@code Idempotency-Key}. */
package dev.tasks.domain.idempotency;
