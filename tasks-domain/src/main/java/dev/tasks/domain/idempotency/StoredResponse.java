package dev.tasks.domain.idempotency;

/** The first outcome of a request, kept to answer its retries. */
public record StoredResponse(int status, String contentType, byte[] body) {
}
