package dev.tasks.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasks.domain.run.UsageGate;
import dev.tasks.domain.shared.UsageLimited;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A usage gate for {@link CloudAgentIT}, packed into its WAR and selected by name: it asks
 * {@link AgentStub} in the test JVM, which records the check and answers the verdict the test
 * programmed for the task (allowed by default); an answer that is not JSON makes it throw.
 */
public final class StubUsageGate implements UsageGate {

    static final String NAME = "stub-usage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(Request request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", request.project().value());
        body.put("user", request.user().value());
        body.put("task", request.task().value().toString());
        body.put("run", request.run() == null ? null : request.run().toString());
        body.put("action", request.action().name());
        JsonNode verdict = StubAgentProvider.call("/usage", body);
        if (verdict.path("allowed").asBoolean(false)) {
            return UsageGate.allow();
        }
        return new Refused(verdict.path("message").asText(null), verdict.path("is_pro").asBoolean(),
                verdict.path("limit_type").isTextual()
                        ? UsageLimited.LimitType.valueOf(verdict.get("limit_type").asText().toUpperCase(Locale.ROOT))
                        : null,
                verdict.path("reset_at").isTextual() ? Instant.parse(verdict.get("reset_at").asText()) : null);
    }
}
