package dev.tasks.web.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test's Server-Sent Events connection: frames are collected by a reader thread as they arrive,
 * each frame being its lines exactly as received (without the blank line that ends it).
 */
public final class SseClient implements AutoCloseable {

    /** The end of the body. */
    public static final List<String> CLOSED = List.of("<closed>");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<List<String>> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = response.statusCode() == 200 ? Thread.ofVirtual().start(this::read) : null;
    }

    public static SseClient open(URI url, String key, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(url).GET().header("Authorization", "Bearer " + key);
        headers.forEach(request::header);
        try {
            return new SseClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The whole body of a response that is not an event stream (an error). */
    public String errorBody() throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<String> frame = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!frame.isEmpty()) {
                        frames.add(frame);
                        frame = new ArrayList<>();
                    }
                } else {
                    frame.add(line);
                }
            }
        } catch (IOException closed) {
            // the test closed the connection
        }
        frames.add(CLOSED);
    }

    /** The next frame, or fails after {@code seconds}. */
    public List<String> next(long seconds) throws InterruptedException {
        List<String> frame = frames.poll(seconds, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + seconds + " s");
        }
        return frame;
    }

    /** Frames until the stream closes, at most {@code seconds} in all. */
    public List<List<String>> untilClosed(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<List<String>> all = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            List<String> frame = frames.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("still open after " + seconds + " s; frames so far: " + all);
            }
            if (frame == CLOSED) {
                return all;
            }
            all.add(frame);
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
        if (reader != null) {
            reader.interrupt();
        }
    }
}
