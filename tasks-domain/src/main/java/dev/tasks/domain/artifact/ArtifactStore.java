package dev.tasks.domain.artifact;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The object store that holds artifact bytes (docs/artifacts.md#storage-keys). Every call is bounded in time; a
 * store that is down, slow or refusing answers {@link Unavailable}, never hangs the caller. Keys
 * that could name something other than themselves ({@code .} or {@code ..} segments, empty
 * segments, control characters) are never sent to the store: they are treated as absent.
 */
public interface ArtifactStore {

    /** How artifact objects are named in this store. */
    ArtifactKeys keys();

    /** Writes {@code bytes} at {@code key}; {@code contentType} may be empty (then none is sent). */
    void put(StoragePath key, byte[] bytes, String contentType);

    /** The object's size and type, or empty when there is no object at {@code key}. */
    Optional<StoredObject> stat(StoragePath key);

    /** The object's bytes, to be read and closed by the caller; {@link NotFound} when absent. */
    Content open(StoragePath key);

    /** Deletes the object; absent objects are not an error. */
    void delete(StoragePath key);

    /** Tags the object for the bucket's expiry rules ({@code ttl_days}, {@code team_id}). */
    void tag(StoragePath key, ArtifactLifetime lifetime, long projectId);

    /**
     * A GET URL on the public endpoint, valid for {@code validity}; with {@code attachment} the store
     * answers it with {@code Content-Disposition: attachment}.
     */
    String presignGet(StoragePath key, Duration validity, boolean attachment);

    /**
     * A browser-style POST policy for exactly {@code key} and {@code contentType}, accepting 0 to
     * {@code maxBytes} bytes, valid for {@code validity}; the store itself enforces it.
     */
    PresignedPost presignPost(StoragePath key, long maxBytes, String contentType, Duration validity);

    /**
     * An object as a stat reports it.
     *
     * @param size the length in bytes, or -1 when the store does not report it
     * @param contentType the stored type, or empty
     */
    record StoredObject(long size, String contentType) {
        public StoredObject {
            contentType = contentType == null ? "" : contentType;
        }
    }

    /**
     * An object being read.
     *
     * @param length its length in bytes, or -1 when the store does not say
     */
    record Content(InputStream stream, long length) {
    }

    /** Where and with which form fields a client uploads (the fields precede the {@code file} field). */
    record PresignedPost(String url, Map<String, String> fields) {
        public PresignedPost {
            fields = Map.copyOf(fields);
        }
    }

    /** The store could not be reached, refused, or did not answer in time. */
    class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** There is no object at the key. */
    class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotFound(StoragePath key) {
            super("No object at " + key, null, false, false);
        }
    }
}
