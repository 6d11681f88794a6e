package dev.tasks.domain.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The verbatim JSON text of an entry, as UTF-8 bytes. It may be a window on a larger buffer (an
 * entry cut out of the request that carried it), so that an entry travels from the request to the
 * database, and from the database to a reader, without being copied or decoded on the way.
 */
public final class EntryText {

    /** The largest single write of {@link #writeTo}. */
    public static final int SLICE = 64 * 1024;

    private final byte[] bytes;
    private final int offset;
    private final int length;

    private EntryText(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /** {@code bytes[offset, offset + length)}, which the caller no longer changes. */
    public static EntryText of(byte[] bytes, int offset, int length) {
        return new EntryText(bytes, offset, length);
    }

    public static EntryText of(byte[] bytes) {
        return new EntryText(bytes, 0, bytes.length);
    }

    public static EntryText of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The size in bytes. */
    public int length() {
        return length;
    }

    /**
     * Writes the text in slices of {@link #SLICE} bytes: an output that queues what its peer has not
     * read yet takes each slice only when the previous ones are on their way, so a large entry never
     * sits in such a queue whole.
     */
    public void writeTo(OutputStream out) throws IOException {
        for (int at = 0; at < length; at += SLICE) {
            out.write(bytes, offset + at, Math.min(SLICE, length - at));
        }
    }

    /** The buffer behind this text and the window in it, for adapters that stream it. */
    public byte[] buffer() {
        return bytes;
    }

    public int offset() {
        return offset;
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntryText text && Arrays.equals(bytes, offset, offset + length,
                text.bytes, text.offset, text.offset + text.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash;
    }
}
