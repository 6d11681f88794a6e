package dev.tasks.web.runs;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code stream/} connection, written with the servlet container's non-blocking output: frames
 * go into an outbox and leave it only while the socket takes them, so no thread ever waits on a
 * client. A client that stops reading is dropped as soon as its outbox already holds more than
 * {@code maxUnsent} bytes when another frame comes (so one frame is always accepted, however large).
 * Frames are shared byte arrays: a thousand connections of one run hold a thousand references to
 * one frame, not a thousand copies.
 */
final class SseConnection implements WriteListener, AsyncListener {

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final long maxUnsent;
    private final Runnable finish;
    private final Runnable onClose;
    /** The largest single write: the container queues at most a few of these for a client that lags. */
    static final int SLICE = 32 * 1024;

    private final Queue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    /** The frame being written (only the draining thread touches it) and how much of it is written. */
    private byte[] current;
    private int written;
    private final AtomicLong unsent = new AtomicLong();
    private final AtomicInteger draining = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SseConnection(AsyncContext async, ServletOutputStream out, long maxUnsent, Runnable finish,
                          Runnable onClose) {
        this.async = async;
        this.out = out;
        this.maxUnsent = maxUnsent;
        this.finish = finish;
        this.onClose = onClose;
    }

    /**
     * Takes over a request whose response has not been written yet (the JAX-RS request is suspended):
     * writes the stream's status and headers and switches its output to non-blocking mode.
     *
     * @param finish ends the exchange through whoever suspended it (the JAX-RS runtime), so that it
     *               completes the request itself; asked to once, when the connection closes
     * @param onClose run once when the connection ends, however it ends
     */
    static SseConnection open(HttpServletRequest request, HttpServletResponse response, long retentionSeconds,
                              long maxUnsent, Runnable finish, Runnable onClose) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Stream-Retention-Seconds", String.valueOf(retentionSeconds));
        AsyncContext async = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
        async.setTimeout(0);
        SseConnection connection = new SseConnection(async, response.getOutputStream(), maxUnsent, finish, onClose);
        async.addListener(connection);
        connection.out.setWriteListener(connection);
        return connection;
    }

    /** A data event: {@code id: <seq>} then the body on {@code data:} lines. */
    static byte[] dataFrame(long seq, String body) {
        return frame("id: " + seq + "\n", body);
    }

    /** A control event: {@code event: <name>} then its data; it moves no {@code Last-Event-ID}. */
    static byte[] controlFrame(String name, String data) {
        return frame("event: " + name + "\n", data);
    }

    private static byte[] frame(String head, String data) {
        StringBuilder frame = new StringBuilder(head.length() + data.length() + 16).append(head);
        for (String line : data.split("\r\n|\r|\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Queues a frame and writes what the socket takes now; false when the connection is closed, or is
     * closed by this frame because its client left too much unread.
     */
    boolean send(byte[] frame) {
        if (closed.get()) {
            return false;
        }
        long before = unsent.getAndAdd(frame.length);
        if (before > maxUnsent) {
            close();
            return false;
        }
        outbox.add(frame);
        drain();
        return !closed.get();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Writes while the socket takes data; only one thread drains at a time, and none waits. */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        do {
            try {
                while (!closed.get() && out.isReady()) {
                    if (current == null) {
                        current = outbox.poll();
                        written = 0;
                        if (current == null) {
                            break;
                        }
                    }
                    int slice = Math.min(SLICE, current.length - written);
                    out.write(current, written, slice);
                    written += slice;
                    unsent.addAndGet(-slice);
                    if (written == current.length) {
                        current = null;
                    }
                }
                if (!closed.get() && current == null && outbox.isEmpty() && out.isReady()) {
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                close();
            }
        } while (draining.decrementAndGet() != 0);
    }

    /** Ends the connection (idempotent): what is still in the outbox is dropped. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        outbox.clear();
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
