package dev.tasks.web.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP client for the deployed service, acting with one personal API key (or none). Paths are
 * relative to the server root ({@code /api/...}); bodies are JSON values or raw strings.
 */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI root;
    private final String key;
    private final Map<String, String> headers;

    public Api(URI root, String key) {
        this(root, key, Map.of());
    }

    private Api(URI root, String key, Map<String, String> headers) {
        this.root = root;
        this.key = key;
        this.headers = headers;
    }

    public Api withKey(String otherKey) {
        return new Api(root, otherKey, headers);
    }

    public Api withHeader(String name, String value) {
        var copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Api(root, key, copy);
    }

    public URI root() {
        return root;
    }

    public String key() {
        return key;
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, null);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, null);
    }

    public ApiResponse post(String path, Object body) {
        return send("POST", path, body, "application/json");
    }

    public ApiResponse patch(String path, Object body) {
        return send("PATCH", path, body, "application/json");
    }

    public ApiResponse put(String path, Object body) {
        return send("PUT", path, body, "application/json");
    }

    /** Any method, any body: a {@code String} or {@code byte[]} is sent as is, anything else as JSON. */
    public ApiResponse send(String method, String path, Object body, String contentType) {
        HttpRequest.BodyPublisher publisher = switch (body) {
            case null -> HttpRequest.BodyPublishers.noBody();
            case byte[] bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            case String text -> HttpRequest.BodyPublishers.ofString(text);
            default -> HttpRequest.BodyPublishers.ofString(json(body));
        };
        var request = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, publisher);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return ApiResponse.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
