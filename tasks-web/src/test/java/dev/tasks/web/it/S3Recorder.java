package dev.tasks.web.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The S3 endpoint the service under test is given: a loopback HTTP server that forwards every
 * request, byte for byte and with its {@code Host} header (so signatures stay valid), to the real
 * S3 server behind it, and records each request line so tests can count the service's calls (one
 * PUT, one tag, no stat...). It can also play an object store that refuses ({@code 503}), hangs,
 * or is gone ({@link #stop()}: connections are refused until {@link #start()}).
 */
public final class S3Recorder {

    /** How the endpoint answers. */
    public enum Mode { FORWARD, REFUSE, HANG }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "expect", "content-length");

    private final int port;
    private final URI upstream;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> tagBodies = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private HttpServer server;
    private ExecutorService executor;

    S3Recorder(int port, URI upstream) {
        this.port = port;
        this.upstream = upstream;
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + port, e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops listening: the service's connections are refused, as by a store that is down. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public void mode(Mode newMode) {
        mode = newMode;
    }

    /** Every request line received since the last {@link #clear()}: {@code PUT /bucket/key?tagging}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The recorded requests with this method whose target contains {@code fragment}. */
    public List<String> requests(String method, String fragment) {
        return requests.stream().filter(line -> line.startsWith(method + " ") && line.contains(fragment)).toList();
    }

    /** The XML bodies of the object-tagging requests since the last {@link #clear()}. */
    public List<String> tagBodies() {
        return List.copyOf(tagBodies);
    }

    public void clear() {
        requests.clear();
        tagBodies.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(exchange.getRequestMethod() + " " + target);
        try (exchange) {
            switch (mode) {
                case REFUSE -> refuse(exchange);
                case HANG -> hang();
                case FORWARD -> forward(exchange, target);
            }
        }
    }

    private static void refuse(HttpExchange exchange) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ServiceUnavailable</Code>"
                + "<Message>Refused by the test</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void hang() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, String target) throws IOException {
        String method = exchange.getRequestMethod();
        HttpURLConnection connection = (HttpURLConnection) URI.create(upstream + target).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setInstanceFollowRedirects(false);
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> connection.addRequestProperty(name, value));
            }
        });
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
        if (length != null && (Long.parseLong(length) > 0 || method.equals("PUT") || method.equals("POST")) || chunked) {
            connection.setDoOutput(true);
            if (chunked) {
                connection.setChunkedStreamingMode(64 * 1024);
            } else {
                connection.setFixedLengthStreamingMode(Long.parseLong(length));
            }
            try (InputStream in = exchange.getRequestBody(); OutputStream out = connection.getOutputStream()) {
                if (target.contains("tagging")) {
                    byte[] tags = in.readAllBytes();
                    tagBodies.add(new String(tags, StandardCharsets.UTF_8));
                    out.write(tags);
                } else {
                    in.transferTo(out);
                }
            }
        }
        int status = connection.getResponseCode();
        long responseLength = connection.getContentLengthLong();
        for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
            if (header.getKey() != null && !HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(header.getKey(), header.getValue());
            }
        }
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if ("HEAD".equals(method) || status == 204 || status == 304 || body == null) {
            if (responseLength >= 0 && "HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(responseLength));
            }
            exchange.sendResponseHeaders(status, -1);
            if (body != null) {
                body.close();
            }
            return;
        }
        exchange.sendResponseHeaders(status, responseLength > 0 ? responseLength : responseLength == 0 ? -1 : 0);
        try (InputStream in = body) {
            in.transferTo(exchange.getResponseBody());
        }
    }
}
