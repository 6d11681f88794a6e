package dev.tasks.web.readiness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.IntegrationKind;
import dev.tasks.domain.identity.Integrations;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.readiness.Capability;
import dev.tasks.domain.readiness.Capability.Counts;
import dev.tasks.domain.readiness.Classification;
import dev.tasks.domain.readiness.EventData;
import dev.tasks.domain.readiness.Evidence;
import dev.tasks.domain.readiness.ReadinessCache;
import dev.tasks.domain.readiness.ReadinessScans;
import dev.tasks.domain.readiness.RepositoryScanner;
import dev.tasks.domain.shared.Conflict;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Tasks;
import dev.tasks.web.http.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Repository readiness (docs/readiness.md#how-an-answer-is-computed): the project's GitHub integration, the shared
 * cache, the scan, the counts and the verdicts, answered in one of the three shapes of docs/readiness.md#responses.
 * Nothing here fails the request: a failed scan continues with no evidence, failed counts are 0, a failing cache is a
 * miss.
 */
@ApplicationScoped
public class ReadinessService {

    private static final Logger LOG = Logger.getLogger(ReadinessService.class.getName());
    private static final List<String> CAPABILITIES = List.of("coreSuggestions", "replayInsights", "errorInsights");
    /** A scan takes at most 30 s and its counts 20 s more; a lease outlives them, in case its holder dies. */
    static final Duration SCAN_LEASE = Duration.ofSeconds(90);
    static final Duration SCAN_WAIT = Duration.ofSeconds(60);
    static final Duration SCAN_POLL = Duration.ofMillis(250);
    static final int MAX_WAITERS = 8;

    @Inject
    Integrations integrations;

    @Inject
    RepositoryScanner scanner;

    @Inject
    EventData eventData;

    @Inject
    ReadinessCache cache;

    @Inject
    Tasks tasks;

    @Inject
    ReadinessScans scans;

    @Inject
    ReadinessSettings settings;

    @Inject
    Clock clock;

    /** Requests of each project that run or wait for a full scan on this instance. */
    private final Map<ProjectId, AtomicInteger> waiters = new ConcurrentHashMap<>();

    public Map<String, Object> readiness(Project project, ReadinessQuery query) {
        String repository = query.repository().value();
        Instant now = Timestamps.now(clock);
        Optional<Integration> github = integrations.first(project.id(), IntegrationKind.GITHUB);
        if (github.isEmpty()) {
            return unscanned(query, now, Capability.State.NEEDS_SETUP, "GitHub integration is not connected.");
        }
        String key = "tasks_repo_readiness:v2:team:" + project.id() + ":integration:" + github.get().id()
                + ":repo:" + repository + ":window:" + query.windowDays();
        if (!query.refresh()) {
            Optional<Map<String, Object>> hit = cache.find(key, now).map(body -> aged(body, now));
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        Optional<String> token = github.get().secret("access_token");
        if (token.isEmpty()) {
            Map<String, Object> body = unscanned(query, now, Capability.State.UNKNOWN,
                    "Unable to access GitHub integration token.");
            cache.put(key, Json.text(body), now.plus(settings.cacheTtl()));
            return body;
        }
        return scannedAlone(project, query, key, token.get());
    }

    /**
     * A full scan, run only while this request holds the project's scan lease: one scan per project
     * at a time across instances, whether asked by {@code refresh=true} or by a cache miss. A request
     * that finds the lease taken answers with the first new answer the cache gets for its key while
     * it waits (the scan running now, if it is of the same repository), else takes the lease when it
     * is free; it waits at most {@link #SCAN_WAIT} (then 503), and at most {@link #MAX_WAITERS}
     * requests of a project wait on an instance (others get 503 at once).
     */
    private Map<String, Object> scannedAlone(Project project, ReadinessQuery query, String key, String token) {
        AtomicInteger waiting = waiters.computeIfAbsent(project.id(), id -> new AtomicInteger());
        if (waiting.incrementAndGet() > MAX_WAITERS) {
            waiting.decrementAndGet();
            throw scanRunning();
        }
        try {
            return scanOrWait(project, query, key, token);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Map<String, Object> scanOrWait(Project project, ReadinessQuery query, String key, String token) {
        String holder = UUID.randomUUID().toString();
        Object seen = cached(key).map(body -> body.get("generatedAt")).orElse(null);
        long deadline = System.nanoTime() + SCAN_WAIT.toNanos();
        while (true) {
            Instant now = Timestamps.now(clock);
            Optional<Map<String, Object>> fresh = cached(key)
                    .filter(body -> !Objects.equals(body.get("generatedAt"), seen));
            if (fresh.isPresent()) {
                return fresh.get();
            }
            if (scans.begin(project.id(), holder, now, now.plus(SCAN_LEASE))) {
                try {
                    Map<String, Object> body = scanned(project, query, token, now);
                    cache.put(key, Json.text(body), now.plus(settings.cacheTtl()));
                    return body;
                } finally {
                    scans.end(project.id(), holder);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw scanRunning();
            }
            try {
                Thread.sleep(SCAN_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw scanRunning();
            }
        }
    }

    /** The cached answer under {@code key}, aged, if there is one. */
    private Optional<Map<String, Object>> cached(String key) {
        Instant now = Timestamps.now(clock);
        return cache.find(key, now).map(body -> aged(body, now));
    }

    /** The expired rows of the cache go hourly (the {@code readiness.purge} job). */
    public void purgeCache() {
        int deleted = cache.deleteExpired(Timestamps.now(clock));
        if (deleted > 0) {
            LOG.fine(() -> "Purged " + deleted + " expired readiness answers");
        }
    }

    private Map<String, Object> scanned(Project project, ReadinessQuery query, String token, Instant now) {
        String repository = query.repository().value();
        Evidence evidence = scan(repository, token);
        Classification.Verdict verdict = Classification.of(repository, evidence.treePaths());
        Instant since = now.minus(Duration.ofDays(query.windowDays()));
        Optional<Integration> data = integrations.first(project.id(), IntegrationKind.POSTHOG);
        long events = data.map(source -> eventData.recentTrackingEvents(source, evidence.capturedEventNames(), since))
                .orElse(0L);
        long errors = data.map(source -> eventData.newErrorIssues(source, since)).orElse(0L);
        long replays = tasks.countReplayTasks(project.id(), repository, since);
        List<Capability> capabilities = Capability.assess(verdict, evidence, project.settings(),
                new Counts(events, replays, errors));
        Map<String, Object> body = common(query, verdict.classification().wireName(), verdict.excluded(), capabilities,
                Capability.overall(capabilities), replays, now);
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("filesScanned", evidence.filesScanned());
        scan.put("detectedFilesCount", evidence.detectedFilesCount());
        scan.put("eventNameCount", evidence.capturedEventNames().size());
        scan.put("foundPosthogInit", evidence.foundPosthogInit());
        scan.put("foundPosthogCapture", evidence.foundPosthogCapture());
        scan.put("foundErrorSignal", evidence.foundErrorSignal());
        body.put("scan", scan);
        return body;
    }

    /** The scan's evidence, or none when it failed (logged at ERROR, docs/readiness.md#how-an-answer-is-computed). */
    private Evidence scan(String repository, String token) {
        try {
            return scanner.scan(repository, token);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "repository_readiness.scan_failed for " + LogSafe.text(repository),
                    LogSafe.throwable(e));
            return Evidence.none();
        }
    }

    /**
     * Responses A and B (docs/readiness.md#responses): every capability in one state for one reason, no {@code scan}.
     */
    private static Map<String, Object> unscanned(ReadinessQuery query, Instant now, Capability.State state,
                                                 String reason) {
        Capability capability = new Capability(state, reason, Map.of());
        return common(query, "unknown", false, List.of(capability, capability, capability), state.wireName(), 0, now);
    }

    private static Map<String, Object> common(ReadinessQuery query, String classification, boolean excluded,
                                              List<Capability> capabilities, String overall, long evidenceTasks,
                                              Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("repository", query.repository().value());
        body.put("classification", classification);
        body.put("excluded", excluded);
        for (int i = 0; i < CAPABILITIES.size(); i++) {
            Capability capability = capabilities.get(i);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("state", capability.state().wireName());
            view.put("estimated", true);
            view.put("reason", capability.reason());
            view.put("evidence", capability.evidence());
            body.put(CAPABILITIES.get(i), view);
        }
        body.put("overall", overall);
        body.put("evidenceTaskCount", evidenceTasks);
        body.put("windowDays", query.windowDays());
        body.put("generatedAt", Json.offsetTimestamp(now));
        body.put("cacheAgeSeconds", 0);
        return body;
    }

    /**
     * A cached body with its age recomputed (docs/readiness.md#caching); one without a readable {@code generatedAt} as
     * stored; null (a miss) for a body that is not a JSON object at all.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> aged(String stored, Instant now) {
        JsonNode parsed;
        try {
            parsed = Json.tree(stored);
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "An unreadable cached readiness answer is recomputed", e);
            return null;
        }
        if (!(parsed instanceof ObjectNode body)) {
            return null;
        }
        JsonNode generated = body.get("generatedAt");
        if (generated != null && generated.isTextual()) {
            try {
                Instant at = OffsetDateTime.parse(generated.textValue()).toInstant();
                body.put("cacheAgeSeconds", Math.max(0, Duration.between(at, now).getSeconds()));
            } catch (DateTimeParseException e) {
                LOG.log(Level.FINE, "A cached readiness answer without a readable generatedAt", e);
            }
        }
        return (Map<String, Object>) Json.plain(body);
    }

    private static Conflict scanRunning() {
        return Conflict.passing("A readiness scan of this project is running; try again shortly.", Duration.ofSeconds(5));
    }
}
