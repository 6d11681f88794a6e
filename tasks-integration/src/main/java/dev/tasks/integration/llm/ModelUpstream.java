package dev.tasks.integration.llm;

import dev.tasks.domain.llm.ModelProvider;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The model provider behind the service's model gateway ({@code TASKS_LLM_UPSTREAM_URL}, Anthropic's
 * API by default), called with the installation's key ({@code TASKS_LLM_API_KEY}) so that sandboxes
 * never hold it. Answers arrive as streams, read by whoever passes them on (a thread of the client's
 * pool copies each to its agent while it streams).
 */
@ApplicationScoped
public class ModelUpstream implements ModelProvider {

    /** Bytes read from the provider at a time. */
    static final int CHUNK = 16 * 1024;

    /** Connecting to the provider gives up after this long. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The provider must start its answer (status and headers) within this long. */
    static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(5);
    /** The request headers passed on to the provider; every other header (credentials among them) stays here. */
    static final List<String> REQUEST_HEADERS = List.of("anthropic-version", "anthropic-beta", "content-type",
            "accept", "user-agent");

    @Inject
    @ConfigProperty(name = "tasks.llm.upstream.url", defaultValue = "https://api.anthropic.com")
    String upstream;

    @Inject
    @ConfigProperty(name = "tasks.llm.api.key")
    Optional<String> apiKey;

    private HttpClient http;

    @PostConstruct
    void open() {
        // Over TLS the provider is offered HTTP/2 (ALPN); over plain HTTP (a gateway or a stand-in on the
        // same network) HTTP/1.1, as asking for HTTP/2 there sends an upgrade with every new connection.
        http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .version(upstream.strip().startsWith("https:") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PreDestroy
    void close() {
        // Answers still streaming are cut off: waiting for them could hold an undeploy for minutes.
        http.shutdownNow();
    }

    @Override
    public CompletableFuture<Answer> send(String method, String path, String query, Map<String, List<String>> headers,
                                          byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target(path, query)).timeout(HEADERS_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        apiKey.map(String::strip).filter(key -> !key.isEmpty()).ifPresent(key -> request.header("x-api-key", key));
        String requested = body == null ? null : AnswerMeter.requestedModel(body);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> new StreamedAnswer(response, requested));
    }

    /** An answer read from the provider as the agent takes it. */
    static final class StreamedAnswer implements Answer {

        private final HttpResponse<InputStream> response;
        private final AnswerMeter meter;

        StreamedAnswer(HttpResponse<InputStream> response, String requestedModel) {
            this.response = response;
            this.meter = new AnswerMeter(response.headers().firstValue("content-type").orElse(null), requestedModel);
        }

        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            Map<String, List<String>> passed = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (passesBack(name)) {
                    passed.put(name, values);
                }
            });
            return passed;
        }

        @Override
        public void passTo(OutputStream out) throws IOException {
            try (InputStream from = response.body()) {
                byte[] chunk = new byte[CHUNK];
                int read;
                while ((read = from.read(chunk)) != -1) {
                    meter.accept(chunk, 0, read);
                    out.write(chunk, 0, read);
                    if (from.available() == 0) {
                        out.flush();
                    }
                }
                out.flush();
            } finally {
                meter.finish();
            }
        }

        @Override
        public Metered metered() {
            return new Metered(meter.model(), meter.usage());
        }

        @Override
        public void discard() {
            try {
                response.body().close();
            } catch (IOException e) {
                // Closing is all that was wanted.
            }
        }
    }

    URI target(String path, String query) {
        return URI.create(upstream.replaceAll("/+$", "") + path + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** Whether an answer header is passed back to the caller. */
    static boolean passesBack(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return name.equals("content-type") || name.equals("request-id") || name.equals("retry-after")
                || name.equals("x-should-retry") || name.startsWith("anthropic-");
    }
}
