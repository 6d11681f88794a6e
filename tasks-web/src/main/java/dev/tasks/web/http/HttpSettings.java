package dev.tasks.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of the HTTP edge. */
@ApplicationScoped
public class HttpSettings {

    @Inject
    @ConfigProperty(name = "tasks.max.request.bytes", defaultValue = "67108864")
    long maxRequestBytes;

    @Inject
    @ConfigProperty(name = "tasks.request.memory.bytes", defaultValue = "0")
    long bodyMemoryBytes;

    @Inject
    @ConfigProperty(name = "tasks.request.memory.wait.seconds", defaultValue = "30")
    long bodyMemoryWaitSeconds;

    @Inject
    @ConfigProperty(name = "tasks.downloads.max.per.key", defaultValue = "8")
    int maxDownloadsPerKey;

    @Inject
    @ConfigProperty(name = "tasks.downloads.max.total", defaultValue = "16")
    int maxDownloadsTotal;

    @Inject
    @ConfigProperty(name = "tasks.public.url")
    Optional<String> publicUrl;

    /** {@code TASKS_MAX_REQUEST_BYTES}: larger bodies are refused with 413 before they are parsed. */
    public long maxRequestBytes() {
        return Math.min(maxRequestBytes, Integer.MAX_VALUE - 16);
    }

    /** {@code TASKS_REQUEST_MEMORY_BYTES}: request bodies held in memory at once; 0 means an eighth of the heap. */
    public long bodyMemoryBytes() {
        return bodyMemoryBytes;
    }

    /** {@code TASKS_REQUEST_MEMORY_WAIT_SECONDS}: how long a body waits for memory before the request gets 503. */
    public long bodyMemoryWaitSeconds() {
        return bodyMemoryWaitSeconds;
    }

    /** {@code TASKS_DOWNLOADS_MAX_PER_KEY}: streamed downloads one API key may hold open on this instance. */
    public int maxDownloadsPerKey() {
        return maxDownloadsPerKey;
    }

    /** {@code TASKS_DOWNLOADS_MAX_TOTAL}: streamed downloads this instance holds open. */
    public int maxDownloadsTotal() {
        return maxDownloadsTotal;
    }

    /** {@code TASKS_PUBLIC_URL} without a trailing slash, when configured. */
    public Optional<String> publicUrl() {
        return publicUrl.filter(url -> !url.isBlank()).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
