package dev.tasks.web.http;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body of the current request, read into memory once, whoever asks first (the idempotency
 * filter for its fingerprint, or the body reader), and handed to the reader without a copy. Its
 * memory is reserved in {@link BodyMemory}: a small body's before it is read, a larger one's as it
 * arrives (so a slow sender holds only what it sent), and all of it is given back when the request
 * ends. A body longer than {@code TASKS_MAX_REQUEST_BYTES} is refused (413) before it is read in full.
 */
@RequestScoped
public class RequestBody {

    private static final int CHUNK = 64 * 1024;
    /** Bodies up to this size are reserved whole and read straight into their array. */
    private static final int SMALL = 1024 * 1024;
    /** A large body must arrive within this time (64 MiB at about 1 MiB/s). */
    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);

    @Inject
    BodyMemory memory;

    @Inject
    HttpSettings settings;

    private byte[] bytes;
    private int reserved;
    private long reservedBytes;

    /** The body's bytes; read from {@code entity} on the first call only. */
    public byte[] read(InputStream entity, MultivaluedMap<String, String> headers) throws IOException {
        if (bytes == null) {
            bytes = readAll(entity, declaredLength(headers));
        }
        return bytes;
    }

    private long declaredLength(MultivaluedMap<String, String> headers) {
        String declared = headers.getFirst("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(declared.strip());
            if (length > settings.maxRequestBytes()) {
                throw ApiException.requestTooLarge(settings.maxRequestBytes());
            }
            return length;
        } catch (NumberFormatException e) {
            return -1; // the container refuses malformed lengths itself; count the bytes instead
        }
    }

    private byte[] readAll(InputStream entity, long declared) throws IOException {
        if (entity == null || declared == 0) {
            return new byte[0];
        }
        if (declared > 0 && declared <= SMALL) {
            reserve(declared);
            byte[] body = new byte[(int) declared];
            int read = entity.readNBytes(body, 0, body.length);
            if (read < body.length) {
                return Arrays.copyOf(body, read);
            }
            if (entity.read() != -1) {
                throw ApiException.requestTooLarge(settings.maxRequestBytes());
            }
            return body;
        }
        // A larger body is reserved as it arrives, so a client that sends slowly holds no more of the
        // budget than it has sent; large bodies are read one at a time, within READ_DEADLINE.
        memory.beginLargeBody();
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        try {
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (true) {
                byte[] chunk = new byte[CHUNK];
                int read = entity.readNBytes(chunk, 0, CHUNK);
                if (read == 0) {
                    break;
                }
                total += read;
                if (total > settings.maxRequestBytes()) {
                    throw ApiException.requestTooLarge(settings.maxRequestBytes());
                }
                reserve(read);
                chunks.add(read == CHUNK ? chunk : Arrays.copyOf(chunk, read));
                if (read < CHUNK) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw ApiException.bodyTooSlow(READ_DEADLINE.toSeconds());
                }
            }
        } finally {
            memory.endLargeBody();
        }
        byte[] body = new byte[(int) total];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
        }
        return body;
    }

    /** Reserves {@code more} bytes, up to the whole budget for one request (which can always proceed alone). */
    private void reserve(long more) {
        long amount = Math.min(more, memory.budgetBytes() - reservedBytes);
        if (amount > 0) {
            reserved += memory.reserve(amount);
            reservedBytes += amount;
        }
    }

    /**
     * The bytes are no longer needed (they were parsed into a tree): let them go now, while the
     * reservation stays until the request ends, covering what was made of them.
     */
    public void parsed() {
        bytes = null;
    }

    /**
     * The body has been handed on whole (sent to a peer) while the request itself goes on (a stream
     * back to the client): it no longer counts against the budget.
     */
    public void handedOn() {
        release();
    }

    /** The request is over: its body no longer counts. */
    @PreDestroy
    void release() {
        bytes = null;
        memory.release(reserved);
        reserved = 0;
        reservedBytes = 0;
    }
}
