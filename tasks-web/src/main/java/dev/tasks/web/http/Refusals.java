package dev.tasks.web.http;

import dev.tasks.domain.shared.Conflict;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotAllowed;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Refusal;
import dev.tasks.domain.shared.Unavailable;
import dev.tasks.domain.shared.UsageLimited;
import dev.tasks.web.http.RefusalBody.Shape;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping from the domain's refusals to HTTP: not found is 404, not allowed 403, an invalid
 * value 400, a conflict 409 (503 with {@code Retry-After} when it passes by itself), an unavailable
 * dependency 504 when it timed out, else the endpoint's declared status (503 by default), a usage
 * limit 429 with its own body. A path
 * object not found, a denied permission and a value refused for a named field always get PostHog's
 * standard body, as its framework raises them; the rest get the endpoint's {@link RefusalBody}.
 */
public final class Refusals {

    private static final int STANDARD_UNAVAILABLE = 503;

    private Refusals() {
    }

    /** The answer on an endpoint without {@link RefusalBody}. */
    public static ApiException answer(Refusal refusal) {
        return answer(refusal, Shape.STANDARD, STANDARD_UNAVAILABLE);
    }

    public static ApiException answer(Refusal refusal, RefusalBody body) {
        return body == null ? answer(refusal) : answer(refusal, body.value(), body.unavailable());
    }

    static ApiException answer(Refusal refusal, Shape shape, int unavailableStatus) {
        return switch (refusal) {
            case NotFound notFound when notFound.isAddressed() -> ApiException.notFound(notFound.getMessage());
            case NotAllowed notAllowed -> ApiException.permissionDenied(notAllowed.getMessage());
            case InvalidValueException invalid when invalid.field() != null ->
                    ApiException.validation(invalid.code(), invalid.getMessage(), invalid.field());
            case Conflict conflict when conflict.retryAfter().isPresent() ->
                    passing(conflict, conflict.retryAfter().get(), shape);
            case UsageLimited limited -> usageLimited(limited);
            case Unavailable unavailable -> shaped(unavailable, unavailable.isTimedOut() ? 504 : unavailableStatus,
                    shape);
            default -> shaped(refusal, refusal instanceof NotFound ? 404 : refusal instanceof Conflict ? 409 : 400,
                    shape);
        };
    }

    /** 429 with PostHog's own body for a usage limit, whatever the endpoint's usual body. */
    private static ApiException usageLimited(UsageLimited limited) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "rate_limited");
        body.put("code", "usage_limit_exceeded");
        body.put("error", limited.getMessage());
        body.putAll(limited.facts());
        return new ApiException(429, body);
    }

    private static ApiException passing(Conflict conflict, Duration retryAfter, Shape shape) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, retryAfter.toSeconds()));
        if (shape == Shape.STANDARD) {
            return ApiException.unavailable(conflict.getMessage(), seconds);
        }
        return shaped(conflict, 503, shape).withHeader("Retry-After", String.valueOf(seconds));
    }

    private static ApiException shaped(Refusal refusal, int status, Shape shape) {
        if (shape == Shape.STANDARD) {
            return switch (refusal) {
                case NotFound notFound -> ApiException.notFound(notFound.getMessage());
                case InvalidValueException invalid -> ApiException.validation(invalid.code(), invalid.getMessage(), null);
                case Unavailable unavailable -> new ApiException(status, new ApiError(ApiError.SERVER,
                        status == 504 ? "timeout" : "service_unavailable", unavailable.getMessage(), null));
                default -> new ApiException(status, new ApiError(ApiError.INVALID_REQUEST, "conflict",
                        refusal.getMessage(), null));
            };
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String key = refusal.messageKey() != null ? refusal.messageKey() : shape == Shape.ERROR ? "error" : "detail";
        body.put(key, refusal.getMessage());
        body.putAll(refusal.facts());
        return new ApiException(status, body);
    }
}
