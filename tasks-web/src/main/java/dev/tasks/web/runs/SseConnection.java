package dev.tasks.web.runs;

import dev.tasks.domain.run.EntryText;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code stream/} connection, written with the servlet container's non-blocking output: frames
 * go into an outbox and leave it only while the socket takes them, a slice at a time, so no thread
 * ever waits on a client. The {@link StreamHub} offers a connection more only while its outbox is
 * nearly empty (and is told when it drains); a client whose outbox still grows past
 * {@code maxUnsent}, or that takes nothing for a while, is dropped by the hub. Frames are shared:
 * a thousand connections of one run hold a thousand references to one frame, counted once.
 */
final class SseConnection implements WriteListener, AsyncListener {

    /** The largest single write: the container queues at most a few of these for a client that lags. */
    static final int SLICE = 32 * 1024;

    /** One event of the stream as bytes, and how many outboxes hold it (its memory is counted once). */
    static final class Frame {
        private final byte[] bytes;
        private final AtomicLong memory;
        private final AtomicInteger holders = new AtomicInteger();

        /** @param memory where the bytes of frames waiting in some outbox are counted; null: not counted */
        Frame(byte[] bytes, AtomicLong memory) {
            this.bytes = bytes;
            this.memory = memory;
        }

        int length() {
            return bytes.length;
        }

        /** Whether some outbox holds this frame already (so sending it elsewhere costs no memory). */
        boolean isHeld() {
            return holders.get() > 0;
        }

        void hold() {
            if (holders.getAndIncrement() == 0 && memory != null) {
                memory.addAndGet(bytes.length);
            }
        }

        void release() {
            if (holders.decrementAndGet() == 0 && memory != null) {
                memory.addAndGet(-bytes.length);
            }
        }
    }

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final long maxUnsent;
    private final Runnable finish;
    private final Runnable onClose;
    private final Runnable onDrained;
    private final Queue<Frame> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicInteger draining = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean throttled;
    private volatile long lastProgressNanos = System.nanoTime();
    /** The frame being written (only the draining thread touches it) and how much of it is written. */
    private Frame current;
    private int written;

    private SseConnection(AsyncContext async, ServletOutputStream out, long maxUnsent, Runnable finish,
                          Runnable onClose, Runnable onDrained) {
        this.async = async;
        this.out = out;
        this.maxUnsent = maxUnsent;
        this.finish = finish;
        this.onClose = onClose;
        this.onDrained = onDrained;
    }

    /**
     * Takes over a request whose response has not been written yet (the JAX-RS request is suspended):
     * writes the stream's status and headers and switches its output to non-blocking mode.
     *
     * @param finish ends the exchange through whoever suspended it (the JAX-RS runtime), so that it
     *               completes the request itself; asked to once, when the connection closes
     * @param onClose run once when the connection ends, however it ends
     * @param onDrained run when the outbox empties after the hub held frames back
     */
    static SseConnection open(HttpServletRequest request, HttpServletResponse response, long retentionSeconds,
                              long maxUnsent, Runnable finish, Runnable onClose, Runnable onDrained)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Stream-Retention-Seconds", String.valueOf(retentionSeconds));
        AsyncContext async = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
        async.setTimeout(0);
        SseConnection connection = new SseConnection(async, response.getOutputStream(), maxUnsent, finish, onClose,
                onDrained);
        async.addListener(connection);
        connection.out.setWriteListener(connection);
        return connection;
    }

    /** A data event: {@code id: <seq>} then the stored text on a {@code data:} line, built from its bytes. */
    static byte[] dataFrame(long seq, EntryText body) {
        byte[] head = ("id: " + seq + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        var frame = new ByteArrayOutputStream(head.length + body.length() + 2);
        frame.writeBytes(head);
        byte[] bytes = body.buffer();
        for (int i = body.offset(); i < body.offset() + body.length(); i++) {
            // Stored entries are compact JSON, which holds no raw line break; should one appear, it
            // starts a new data line, as the event format requires.
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                frame.writeBytes("\ndata: ".getBytes(StandardCharsets.US_ASCII));
                if (bytes[i] == '\r' && i + 1 < body.offset() + body.length() && bytes[i + 1] == '\n') {
                    i++;
                }
            } else {
                frame.write(bytes[i]);
            }
        }
        frame.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return frame.toByteArray();
    }

    /** A control event: {@code event: <name>} then its data; it moves no {@code Last-Event-ID}. */
    static byte[] controlFrame(String name, String data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Queues a frame and writes what the socket takes now; false when the connection is closed, or is
     * closed by this frame because its client already left more than {@code maxUnsent} unread.
     */
    boolean send(Frame frame) {
        if (closed.get() || closing) {
            return false;
        }
        if (unsent.get() > maxUnsent) {
            close();
            return false;
        }
        enqueue(frame);
        return !closed.get();
    }

    /** Queues a last frame; the connection closes once it is written (the hub bounds how long that may take). */
    void closeAfter(Frame frame) {
        if (closed.get() || closing) {
            return;
        }
        closing = true;
        enqueue(frame);
    }

    private void enqueue(Frame frame) {
        frame.hold();
        unsent.addAndGet(frame.length());
        outbox.add(frame);
        drain();
    }

    /** Bytes queued and not yet taken by the socket. */
    long unsent() {
        return unsent.get();
    }

    /** The hub held frames back from this connection: tell it when the outbox is empty again. */
    void throttle() {
        throttled = true;
    }

    /** How long the client has taken nothing while something waited for it (0 when nothing waits). */
    long stalledNanos() {
        return unsent.get() == 0 ? 0 : System.nanoTime() - lastProgressNanos;
    }

    boolean isClosed() {
        return closed.get();
    }

    /**
     * Writes while the socket takes data; only one thread drains at a time, and none waits. Frames are
     * released here only (the draining thread owns the frame being written), also after a close.
     */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        do {
            if (closed.get()) {
                releaseAll();
                continue;
            }
            try {
                while (!closed.get() && out.isReady()) {
                    if (current == null) {
                        current = outbox.poll();
                        written = 0;
                        if (current == null) {
                            break;
                        }
                    }
                    int slice = Math.min(SLICE, current.length() - written);
                    out.write(current.bytes, written, slice);
                    written += slice;
                    unsent.addAndGet(-slice);
                    lastProgressNanos = System.nanoTime();
                    if (written == current.length()) {
                        current.release();
                        current = null;
                    }
                }
                if (!closed.get() && current == null && outbox.isEmpty() && out.isReady()) {
                    out.flush();
                    if (closing) {
                        close();
                    } else if (throttled) {
                        throttled = false;
                        onDrained.run();
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
            }
        } while (draining.decrementAndGet() != 0);
    }

    private void releaseAll() {
        if (current != null) {
            current.release();
            current = null;
        }
        for (Frame frame; (frame = outbox.poll()) != null; ) {
            frame.release();
        }
        unsent.set(0);
    }

    /** Ends the connection (idempotent): what is still in the outbox is dropped. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drain();
        try {
            finish.run();
        } catch (RuntimeException alreadyOver) {
            // the container ended it first
        } finally {
            onClose.run();
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable failure) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // no new cycle starts on a stream
    }
}
