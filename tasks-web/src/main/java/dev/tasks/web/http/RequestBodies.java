package dev.tasks.web.http;

import jakarta.ws.rs.core.MultivaluedMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory, refusing (413) anything over the configured limit before parsing it. */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] read(InputStream entity, MultivaluedMap<String, String> headers, long limit) throws IOException {
        String declared = headers.getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw ApiException.requestTooLarge(limit);
                }
            } catch (NumberFormatException ignored) {
                // the container rejects malformed lengths itself; count the bytes instead
            }
        }
        if (entity == null) {
            return new byte[0];
        }
        var buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = entity.read(chunk)) != -1) {
            total += read;
            if (total > limit) {
                throw ApiException.requestTooLarge(limit);
            }
            buffer.write(chunk, 0, read);
        }
        return buffer.toByteArray();
    }
}
