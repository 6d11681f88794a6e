package dev.tasks.integration.posthog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.readiness.EventData;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.OutboundPolicy;
import dev.tasks.integration.outbound.BoundedBodies;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Event and error counts from the PostHog instance a project's {@code posthog} integration names
 * (docs/readiness.md#counts): one HogQL query each through {@code POST /api/projects/<id>/query/}, 10 s at
 * most, never following redirects, to a host the {@link OutboundPolicy} allows at the time of the
 * call, and reading at most 1 MiB of answer. Any failure is logged and counts as 0.
 */
@ApplicationScoped
public class HogQlEventData implements EventData {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A count comes back in a few hundred bytes; anything past this is not read. */
    static final long MAX_ANSWER_BYTES = 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(HogQlEventData.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Inject
    OutboundPolicy policy;

    private HttpClient http;

    /** The client is made here rather than in a field initializer, which CDI proxies would run too. */
    @PostConstruct
    void open() {
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @PreDestroy
    void close() {
        http.shutdownNow();
    }

    @Override
    public long recentTrackingEvents(Integration source, List<String> eventNames, Instant since) {
        if (eventNames.isEmpty()) {
            return 0;
        }
        String names = eventNames.stream().map(HogQlEventData::literal).collect(Collectors.joining(", "));
        return count(source, "SELECT count(DISTINCT event) FROM events WHERE event IN (" + names
                + ") AND timestamp >= toDateTime('" + SINCE.format(since) + "')", "tracking events");
    }

    @Override
    public long newErrorIssues(Integration source, Instant since) {
        return count(source, "SELECT count() FROM (SELECT properties.$exception_issue_id AS issue_id, min(timestamp)"
                + " AS first_seen FROM events WHERE event = '$exception' AND issue_id IS NOT NULL GROUP BY issue_id)"
                + " WHERE first_seen >= toDateTime('" + SINCE.format(since) + "')", "error issues");
    }

    /** A HogQL string literal: quotes and backslashes escaped. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private long count(Integration source, String hogQl, String what) {
        try {
            URI origin = URI.create(String.valueOf(source.config().get("host")));
            policy.refusal(origin.getHost()).ifPresent(refusal -> {
                throw new IllegalStateException(refusal);
            });
            long project = ((Number) source.config().get("project_id")).longValue();
            String key = source.secret("personal_api_key").orElseThrow(() ->
                    new IllegalStateException("the integration has no personal_api_key"));
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("kind", "HogQLQuery");
            query.put("query", hogQl);
            byte[] body = JSON.writeValueAsBytes(Map.of("query", query));
            // Only the scheme, host and port come from the integration; the path is the service's own.
            URI url = new URI(origin.getScheme(), null, origin.getHost(), origin.getPort(),
                    "/api/projects/" + project + "/query/", null, null);
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> response = http.send(request, BoundedBodies.ofBytes(MAX_ANSWER_BYTES));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("answered " + response.statusCode());
            }
            JsonNode value = JSON.readTree(response.body()).path("results").path(0).path(0);
            if (!value.isNumber()) {
                throw new IllegalStateException("no count in results[0][0]");
            }
            return value.asLong();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            LOG.warning("Counting " + what + " through the PostHog integration failed (counted as 0): "
                    + LogSafe.text(e));
            return 0;
        }
    }
}
