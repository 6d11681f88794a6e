package dev.tasks.integration.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.readiness.Evidence;
import dev.tasks.domain.readiness.RepositoryScanner;
import dev.tasks.domain.readiness.ScanPlan;
import dev.tasks.integration.outbound.BoundedBodies;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The readiness scan through GitHub's REST API (docs/readiness.md#the-github-scan) with the JDK's HTTP client:
 * the repository, its recursive tree, then the contents of the first 20 candidate files, fetched
 * a few at a time rather than one after another (PostHog reads them in sequence), so a scan costs a
 * handful of round trips. Every request has a 5 s timeout; no new fetch starts once 30 s have passed.
 */
@ApplicationScoped
public class GithubRepositoryScanner implements RepositoryScanner {

    /** GitHub answers a tree in at most about 7 MB and a file's contents in about 1.4 MB; more is refused. */
    static final long MAX_JSON_BYTES = 32L * 1024 * 1024;
    static final long MAX_CONTENT_BYTES = 4L * 1024 * 1024;

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final String BUDGET_WARNING = "repository_readiness.scan_time_budget_exceeded";
    private static final Logger LOG = Logger.getLogger(GithubRepositoryScanner.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpClient http;
    private LongSupplier monotonicNanos = System::nanoTime;
    private String apiUrl;
    private int concurrency;

    @Inject
    GithubSettings settings;

    public GithubRepositoryScanner() {
    }

    /** A scanner outside CDI, for tests: its own API URL, concurrency and monotonic clock. */
    GithubRepositoryScanner(String apiUrl, int concurrency, LongSupplier monotonicNanos) {
        this.apiUrl = apiUrl;
        this.concurrency = concurrency;
        this.monotonicNanos = monotonicNanos;
        open();
    }

    /** The client is made here rather than in a field initializer, which CDI proxies would run too. */
    @PostConstruct
    void open() {
        http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @PreDestroy
    void close() {
        http.shutdownNow();
    }

    @Override
    public Evidence scan(String repository, String token) {
        String base = apiUrl != null ? apiUrl : settings.apiUrl();
        int parallel = apiUrl != null ? concurrency : settings.scanConcurrency();
        String[] parts = repository.split("/", 2);
        String repo = base + "/repos/" + segment(parts[0]) + "/" + segment(parts[1]);
        List<String> tree = List.of();
        String branch = null;
        JsonNode repoJson = getJson(repo, token).orElse(null);
        if (repoJson != null && repoJson.path("default_branch").isTextual()
                && !repoJson.path("default_branch").textValue().isEmpty()) {
            branch = repoJson.path("default_branch").textValue();
            tree = getJson(repo + "/git/trees/" + segment(branch) + "?recursive=1", token)
                    .map(GithubRepositoryScanner::blobPaths).orElse(List.of());
        }
        long start = monotonicNanos.getAsLong();
        List<String> candidates = ScanPlan.candidates(tree);
        Evidence.Collector evidence = new Evidence.Collector(tree, candidates.size());
        if (branch != null) {
            readContents(repo, branch, token, candidates, parallel, start, evidence);
        }
        return evidence.result();
    }

    private void readContents(String repo, String branch, String token, List<String> candidates, int parallel,
                              long start, Evidence.Collector evidence) {
        Semaphore slots = new Semaphore(parallel);
        List<CompletableFuture<Optional<String>>> fetches = new ArrayList<>();
        String ref = "?ref=" + URLEncoder.encode(branch, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            for (String path : candidates.subList(0, Math.min(ScanPlan.MAX_FILES_READ, candidates.size()))) {
                slots.acquire();
                if (monotonicNanos.getAsLong() - start > ScanPlan.TIME_BUDGET.toNanos()) {
                    slots.release();
                    LOG.warning(BUDGET_WARNING);
                    break;
                }
                String url = repo + "/contents/" + pathSegments(path) + ref;
                fetches.add(http.sendAsync(request(url, token), BoundedBodies.ofBytes(MAX_CONTENT_BYTES))
                        .handle((response, failure) -> {
                            slots.release();
                            return failure == null ? content(response) : Optional.<String>empty();
                        }));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Contents are matched in candidate order, whatever order they arrived in.
        for (CompletableFuture<Optional<String>> fetch : fetches) {
            fetch.join().ifPresent(evidence::add);
        }
    }

    private HttpRequest request(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + token)
                .header("X-GitHub-Api-Version", "2022-11-28")
                .GET().build();
    }

    /** The JSON of a 200 answer; empty for any other status. Unreachable hosts and malformed JSON throw. */
    private Optional<JsonNode> getJson(String url, String token) {
        try {
            HttpResponse<byte[]> response = http.send(request(url, token), BoundedBodies.ofBytes(MAX_JSON_BYTES));
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("GitHub request failed: " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while scanning", e);
        }
    }

    private static List<String> blobPaths(JsonNode tree) {
        List<String> paths = new ArrayList<>();
        for (JsonNode element : tree.path("tree")) {
            if (element.isObject() && "blob".equals(element.path("type").textValue()) && element.path("path").isTextual()) {
                paths.add(element.path("path").textValue());
            }
        }
        return paths;
    }

    /** A readable file's text (docs/readiness.md#the-github-scan), or empty when the answer is anything else. */
    private static Optional<String> content(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        try {
            JsonNode file = JSON.readTree(response.body());
            if (file == null || !file.isObject() || !"base64".equals(file.path("encoding").textValue())
                    || !file.path("content").isTextual()) {
                return Optional.empty();
            }
            byte[] bytes = Base64.getMimeDecoder().decode(file.path("content").textValue());
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE)
                    .onUnmappableCharacter(CodingErrorAction.IGNORE).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.FINE, "Unreadable file content", e);
            return Optional.empty();
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Each segment of a file path percent-encoded; the slashes between them kept. */
    private static String pathSegments(String path) {
        return java.util.Arrays.stream(path.split("/", -1)).map(GithubRepositoryScanner::segment)
                .collect(Collectors.joining("/"));
    }
}
