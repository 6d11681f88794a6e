package dev.tasks.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tasks.domain.artifact.MissingArtifacts;
import dev.tasks.domain.sandbox.SandboxNotReady;
import dev.tasks.domain.shared.Conflict;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotAllowed;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.domain.shared.UsageLimited;
import dev.tasks.web.http.RefusalBody.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each domain refusal is answered, per body shape an endpoint may declare. */
class RefusalsTest {

    @Test
    void pathObjectsNotFoundKeepTheStandardBodyWhateverTheEndpointsShape() {
        for (Shape shape : Shape.values()) {
            ApiException answer = Refusals.answer(NotFound.task(), shape, 503);
            assertEquals(404, answer.status());
            assertEquals(new ApiError(ApiError.INVALID_REQUEST, "not_found", "Task not found", null), answer.body());
        }
        assertEquals(new ApiError(ApiError.INVALID_REQUEST, "not_found", "Not found.", null),
                Refusals.answer(NotFound.addressed(), Shape.ERROR, 503).body());
    }

    @Test
    void referencedObjectsNotFoundTakeTheEndpointsShape() {
        ApiException answer = Refusals.answer(NotFound.referenced("Artifact not found on this run"), Shape.ERROR, 503);
        assertEquals(404, answer.status());
        assertEquals(Map.of("error", "Artifact not found on this run"), answer.body());
        assertEquals(new ApiError(ApiError.INVALID_REQUEST, "not_found", "Gone", null),
                Refusals.answer(NotFound.referenced("Gone"), Shape.STANDARD, 503).body());
    }

    @Test
    void r36_aUsageLimitIs429WithPostHogsRateLimitedBodyOnEveryEndpoint() {
        for (Shape shape : Shape.values()) {
            ApiException answer = Refusals.answer(new UsageLimited("Monthly run limit reached", false, null, null),
                    shape, 503);
            assertEquals(429, answer.status());
            assertEquals(Map.of("type", "rate_limited", "code", "usage_limit_exceeded",
                    "error", "Monthly run limit reached", "is_pro", false), answer.body());
        }
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("type", "rate_limited");
        full.put("code", "usage_limit_exceeded");
        full.put("error", "Usage limit exceeded");
        full.put("is_pro", true);
        full.put("limit_type", "burst");
        full.put("reset_at", "2026-12-01T18:00:00.000000+00:00");
        ApiException answer = Refusals.answer(new UsageLimited(" ", true, UsageLimited.LimitType.BURST,
                Instant.parse("2026-12-01T18:00:00Z")), Shape.DETAIL, 503);
        assertEquals(full, answer.body());
        assertEquals(List.copyOf(full.keySet()), List.copyOf(((Map<?, ?>) answer.body()).keySet()));
    }

    @Test
    void deniedPermissionIsAlways403Standard() {
        ApiException answer = Refusals.answer(NotAllowed.projectOutsideKey(7), Shape.DETAIL, 503);
        assertEquals(403, answer.status());
        assertEquals(new ApiError(ApiError.AUTHENTICATION, "permission_denied",
                "API key does not have access to the requested project: ID 7.", null), answer.body());
    }

    @Test
    void aFieldsValueIsAValidationErrorWithItsAttrAndCode() {
        ApiException answer = Refusals.answer(
                new InvalidValueException("mode", "Link a GitHub account", "github_authorization_required"), Shape.DETAIL, 503);
        assertEquals(400, answer.status());
        assertEquals(new ApiError(ApiError.VALIDATION, "github_authorization_required", "Link a GitHub account", "mode"),
                answer.body());
        assertEquals(new ApiError(ApiError.VALIDATION, "invalid_input", "Bad", "name"),
                Refusals.answer(new InvalidValueException("name", "Bad"), Shape.ERROR, 503).body());
    }

    @Test
    void aRefusalOfTheWholeRequestTakesTheEndpointsShape() {
        InvalidValueException refusal = new InvalidValueException(null, "Output validation error: x");
        assertEquals(Map.of("error", "Output validation error: x"), Refusals.answer(refusal, Shape.ERROR, 503).body());
        assertEquals(Map.of("detail", "Output validation error: x"), Refusals.answer(refusal, Shape.DETAIL, 503).body());
        ApiException standard = Refusals.answer(refusal, Shape.STANDARD, 503);
        assertEquals(400, standard.status());
        assertEquals(new ApiError(ApiError.VALIDATION, "invalid_input", "Output validation error: x", null),
                standard.body());
    }

    @Test
    void missingArtifactsListTheirIdsBesideTheDetailInRequestOrder() {
        ApiException answer = Refusals.answer(MissingArtifacts.staged(List.of("b", "a")), Shape.DETAIL, 503);
        assertEquals(400, answer.status());
        assertEquals(List.of("detail", "missing_artifact_ids"), List.copyOf(((Map<?, ?>) answer.body()).keySet()));
        assertEquals(Map.of("detail", "Some pending_user_artifact_ids are invalid or expired",
                "missing_artifact_ids", List.of("b", "a")), answer.body());
    }

    @Test
    void aConflictIs409AndAPassingOne503WithRetryAfter() {
        ApiException now = Refusals.answer(Conflict.of("Task run workflow has ended"), Shape.ERROR, 503);
        assertEquals(409, now.status());
        assertEquals(Map.of("error", "Task run workflow has ended"), now.body());
        assertNull(now.headers().getFirst("Retry-After"));

        ApiException passing = Refusals.answer(Conflict.passing("Scan running", Duration.ofSeconds(5)), Shape.STANDARD, 503);
        assertEquals(503, passing.status());
        assertEquals(new ApiError(ApiError.SERVER, "service_unavailable", "Scan running", null), passing.body());
        assertEquals("5", passing.headers().getFirst("Retry-After"));

        ApiException shaped = Refusals.answer(Conflict.passing("Busy", Duration.ofMillis(10)), Shape.ERROR, 503);
        assertEquals(503, shaped.status());
        assertEquals("1", shaped.headers().getFirst("Retry-After"));
    }

    @Test
    void anUnavailableDependencyTakesTheEndpointsStatusUnlessItTimedOut() {
        ApiException store = Refusals.answer(Unavailable.of("Unable to read artifact"), Shape.ERROR, 400);
        assertEquals(400, store.status());
        assertEquals(Map.of("error", "Unable to read artifact"), store.body());
        assertEquals(502, Refusals.answer(Unavailable.of("Agent server is not reachable"), Shape.ERROR, 502).status());
        ApiException late = Refusals.answer(Unavailable.timedOut("Agent server request timed out"), Shape.ERROR, 502);
        assertEquals(504, late.status());
        assertEquals(Map.of("error", "Agent server request timed out"), late.body());
        ApiException standard = Refusals.answer(Unavailable.of("Down"));
        assertEquals(503, standard.status());
        assertEquals(new ApiError(ApiError.SERVER, "service_unavailable", "Down", null), standard.body());
    }

    @Test
    void k12_factsFollowTheMessageInOrder() {
        ApiException answer = Refusals.answer(new SandboxNotReady(), Shape.ERROR, 502);
        assertEquals(400, answer.status());
        assertEquals(List.of("error", "type", "code"), List.copyOf(((Map<?, ?>) answer.body()).keySet()));
        assertEquals(Map.of("error", "No active sandbox for this task run", "type", "runtime_unavailable",
                "code", "sandbox_not_ready"), answer.body());
    }

    @Test
    void aRuleThatFixesItsMessageKeyWinsOverTheEndpoints() {
        assertEquals(Map.of("detail", "Some pending_user_artifact_ids are invalid for this run",
                "missing_artifact_ids", List.of("a")),
                Refusals.answer(MissingArtifacts.pendingOfRun(List.of("a")), Shape.ERROR, 503).body());
        assertEquals(Map.of("error", "Some artifact_ids are invalid for this run", "missing_artifact_ids", List.of("a")),
                Refusals.answer(MissingArtifacts.ofRun(List.of("a")), Shape.ERROR, 503).body());
    }
}
