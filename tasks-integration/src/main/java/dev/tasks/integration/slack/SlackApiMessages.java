package dev.tasks.integration.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.tasks.domain.slack.SlackMessages;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code chat.postMessage} through the official Slack Java SDK, against {@code TASKS_SLACK_API_URL}
 * (docs/cloud-runs.md#relaying-the-agents-answers). Rate limits become a retry after Slack's {@code Retry-After};
 * network errors, 5xx and Slack's own passing errors a retry with backoff; every other error a permanent failure.
 */
@ApplicationScoped
public class SlackApiMessages implements SlackMessages {

    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(SlackApiMessages.class.getName());
    private static final Set<String> PASSING = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout");

    @Inject
    @ConfigProperty(name = "tasks.slack.api.url", defaultValue = "https://slack.com/api/")
    String apiUrl;

    private Slack slack;

    @PostConstruct
    void open() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        config.setPrettyResponseLoggingEnabled(false);
        // Metrics make the SDK call auth.test before a token's first request: one more call to Slack.
        config.setStatsEnabled(false);
        slack = Slack.getInstance(config);
    }

    @PreDestroy
    void close() {
        try {
            slack.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing the Slack client", e);
        }
    }

    @Override
    public Outcome post(String botToken, String channel, String threadTs, String text) {
        try {
            ChatPostMessageResponse response = slack.methods(botToken)
                    .chatPostMessage(request -> request.channel(channel).threadTs(threadTs).text(text));
            if (response.isOk()) {
                return new Outcome.Delivered();
            }
            if ("ratelimited".equals(response.getError())) {
                return new Outcome.RetryAfter(retryAfter(response.getHttpResponseHeaders()));
            }
            if (PASSING.contains(response.getError())) {
                return new Outcome.Retry(response.getError());
            }
            return new Outcome.Failed(response.getError());
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            if (status == 429) {
                return new Outcome.RetryAfter(retryAfter(Map.of("Retry-After",
                        e.getResponse().headers("Retry-After"))));
            }
            if (status >= 500) {
                return new Outcome.Retry("HTTP " + status);
            }
            return new Outcome.Failed(e.getError() != null && e.getError().getError() != null
                    ? e.getError().getError() : "HTTP " + status);
        } catch (IOException | RuntimeException e) {
            return new Outcome.Retry(e.toString());
        }
    }

    private static Duration retryAfter(Map<String, List<String>> headers) {
        if (headers != null) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if ("retry-after".equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                    try {
                        return Duration.ofSeconds(Math.max(0, Long.parseLong(header.getValue().get(0).strip())));
                    } catch (NumberFormatException e) {
                        return DEFAULT_RETRY_AFTER;
                    }
                }
            }
        }
        return DEFAULT_RETRY_AFTER;
    }
}
