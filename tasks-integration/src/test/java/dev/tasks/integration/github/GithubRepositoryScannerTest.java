package dev.tasks.integration.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tasks.domain.readiness.Evidence;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GitHub scan (docs/readiness.md#the-github-scan) against a loopback GitHub that records what it is asked. */
class GithubRepositoryScannerTest {

    private HttpServer github;
    private String base;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private volatile List<String> tree = List.of();
    private volatile int repoStatus = 200;
    private volatile String repoBody;
    private volatile long delayMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        github = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        github.setExecutor(Executors.newCachedThreadPool());
        github.createContext("/", this::answer);
        github.start();
        base = "http://127.0.0.1:" + github.getAddress().getPort() + "/api/v3";
        repoBody = "{\"default_branch\":\"main\"}";
    }

    @AfterEach
    void stop() {
        github.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        requests.add(target);
        headers.add(Map.of("Accept", String.valueOf(exchange.getRequestHeaders().getFirst("Accept")),
                "Authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                "X-GitHub-Api-Version", String.valueOf(exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version"))));
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v3/repos/org/repo")) {
                reply(exchange, repoStatus, repoBody);
            } else if (path.equals("/api/v3/repos/org/repo/git/trees/main")) {
                StringBuilder body = new StringBuilder("{\"tree\":[{\"path\":\"docs\",\"type\":\"tree\"},");
                for (int i = 0; i < tree.size(); i++) {
                    body.append(i == 0 ? "" : ",").append("{\"path\":\"").append(tree.get(i)).append("\",\"type\":\"blob\"}");
                }
                reply(exchange, 200, body.append("]}").toString());
            } else if (path.startsWith("/api/v3/repos/org/repo/contents/")) {
                String file = path.substring("/api/v3/repos/org/repo/contents/".length());
                String content = files.get(file);
                if (content == null) {
                    reply(exchange, 404, "{\"message\":\"Not Found\"}");
                } else if (content.startsWith("RAW:")) {
                    reply(exchange, 200, content.substring(4));
                } else {
                    String encoded = Base64.getMimeEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
                    reply(exchange, 200, "{\"encoding\":\"base64\",\"content\":\"" + encoded.replace("\r\n", "\\n") + "\"}");
                }
            } else {
                reply(exchange, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private GithubRepositoryScanner scanner(int concurrency) {
        return new GithubRepositoryScanner(base, concurrency, System::nanoTime);
    }

    @Test
    void y26_everyCallGoesToTheBaseWithTheThreeHeaders() {
        tree = List.of("package.json", "src/posthog setup.ts", "README.md");
        files.put("src/posthog setup.ts", "posthog.init('k'); posthog.capture('signup')");
        Evidence evidence = scanner(5).scan("org/repo", "gh-token");
        assertEquals(List.of("/api/v3/repos/org/repo", "/api/v3/repos/org/repo/git/trees/main?recursive=1",
                "/api/v3/repos/org/repo/contents/src/posthog%20setup.ts?ref=main"), requests);
        for (Map<String, String> sent : headers) {
            assertEquals(Map.of("Accept", "application/vnd.github+json", "Authorization", "Bearer gh-token",
                    "X-GitHub-Api-Version", "2022-11-28"), sent);
        }
        assertEquals(1, evidence.filesScanned());
        assertEquals(1, evidence.detectedFilesCount());
        assertTrue(evidence.foundPosthogInit() && evidence.foundPosthogCapture());
        assertEquals(List.of("signup"), evidence.capturedEventNames());
        assertEquals(List.of("package.json", "src/posthog setup.ts", "README.md"), evidence.treePaths(),
                "blobs only, in tree order");
    }

    @Test
    void atMostTwentyFilesAreReadAFewAtATime() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            paths.add("src/f" + i + ".ts");
            files.put("src/f" + i + ".ts", "posthog.capture('e" + i + "')");
        }
        tree = paths;
        delayMillis = 100;
        long started = System.nanoTime();
        Evidence evidence = scanner(5).scan("org/repo", "t");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(22, requests.size(), "repository, tree and 20 files");
        assertEquals(20, evidence.filesScanned());
        assertEquals(80, evidence.detectedFilesCount());
        assertEquals(5, maxInFlight.get(), "five contents in flight at once");
        assertTrue(seconds < 1.2, "22 answers of 100 ms took " + seconds + " s");
    }

    @Test
    void unreadableFilesAreSkippedNotCounted() {
        tree = List.of("src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts", "src/e.ts");
        files.put("src/a.ts", "posthog.init(x)");
        files.put("src/b.ts", "RAW:{\"encoding\":\"utf-8\",\"content\":\"posthog.capture('x')\"}");
        files.put("src/c.ts", "RAW:[1,2]");
        files.put("src/d.ts", "RAW:not json");
        Evidence evidence = scanner(2).scan("org/repo", "t");
        assertEquals(1, evidence.filesScanned());
        assertTrue(evidence.foundPosthogInit());
        assertFalse(evidence.foundPosthogCapture());
    }

    @Test
    void invalidUtf8IsDropped() {
        tree = List.of("src/a.ts");
        byte[] bytes = {'p', 'o', 's', 't', (byte) 0xff, 'h', 'o', 'g', '.', 'i', 'n', 'i', 't', '('};
        files.put("src/a.ts", "RAW:{\"encoding\":\"base64\",\"content\":\"" + Base64.getEncoder().encodeToString(bytes)
                + "\"}");
        assertTrue(scanner(1).scan("org/repo", "t").foundPosthogInit());
    }

    @Test
    void aRepositoryWithoutADefaultBranchHasAnEmptyTree() {
        repoStatus = 404;
        Evidence missing = scanner(5).scan("org/repo", "t");
        assertEquals(List.of("/api/v3/repos/org/repo"), requests);
        assertEquals(0, missing.filesScanned());
        repoStatus = 200;
        repoBody = "{\"default_branch\":\"\"}";
        assertEquals(List.of(), scanner(5).scan("org/repo", "t").treePaths());
    }

    @Test
    void malformedAnswersAndUnreachableHostsMakeTheScanThrow() {
        repoBody = "{not json";
        assertThrows(RuntimeException.class, () -> scanner(5).scan("org/repo", "t"));
        github.stop(0);
        assertThrows(RuntimeException.class, () -> scanner(5).scan("org/repo", "t"));
    }

    @Test
    void y24_theTimeBudgetStopsTheScanWithOneWarning() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            paths.add("src/f" + i + ".ts");
            files.put("src/f" + i + ".ts", "posthog.init(x)");
        }
        tree = paths;
        AtomicLong calls = new AtomicLong();
        // The monotonic clock reads 0 when the scan starts, then 31 s.
        var scanner = new GithubRepositoryScanner(base, 5, () -> calls.getAndIncrement() == 0 ? 0 : 31_000_000_000L);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(GithubRepositoryScanner.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Evidence evidence = scanner.scan("org/repo", "t");
            assertEquals(0, evidence.filesScanned());
            assertEquals(10, evidence.detectedFilesCount());
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(List.of("WARNING repository_readiness.scan_time_budget_exceeded"), warnings);
        assertEquals(2, requests.size(), "no content was fetched");
    }
}
