package dev.tasks.web.http;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * A request that ends with an error response: the status, the body (an {@link ApiError} or an
 * endpoint's own {@code {"error": ...}} / {@code {"detail": ...}} object) and extra headers. The
 * web layer's own refusals (request parsing, authentication, limits) raise it directly; application
 * services raise the domain's refusals, which {@link Refusals} turns into one.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object body;
    private final transient MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();

    public ApiException(int status, Object body) {
        super(String.valueOf(body), null, false, false);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }

    public MultivaluedMap<String, Object> headers() {
        return headers;
    }

    public ApiException withHeader(String name, Object value) {
        headers.add(name, value);
        return this;
    }

    // Format A

    public static ApiException validation(String code, String detail, String attr) {
        return new ApiException(400, new ApiError(ApiError.VALIDATION, code, detail, attr));
    }

    public static ApiException invalidInput(String detail, String attr) {
        return validation("invalid_input", detail, attr);
    }

    public static ApiException notAuthenticated() {
        return new ApiException(403, new ApiError(ApiError.AUTHENTICATION, "not_authenticated",
                "Authentication credentials were not provided.", null));
    }

    public static ApiException authenticationFailed() {
        return new ApiException(403, new ApiError(ApiError.AUTHENTICATION, "authentication_failed",
                "Personal API key found in request Authorization header is invalid.", null));
    }

    /** A signed link that is wrong, expired, or for another resource. */
    public static ApiException invalidSignature() {
        return new ApiException(403, new ApiError(ApiError.AUTHENTICATION, "authentication_failed",
                "Invalid or expired signature.", null));
    }

    public static ApiException permissionDenied(String detail) {
        return new ApiException(403, new ApiError(ApiError.AUTHENTICATION, "permission_denied", detail, null));
    }

    public static ApiException notFound() {
        return notFound("Not found.");
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, new ApiError(ApiError.INVALID_REQUEST, "not_found", detail, null));
    }

    public static ApiException methodNotAllowed(String method) {
        return new ApiException(405, new ApiError(ApiError.INVALID_REQUEST, "method_not_allowed",
                "Method \"" + method + "\" not allowed.", null));
    }

    public static ApiException requestTooLarge(long limit) {
        return new ApiException(413, new ApiError(ApiError.INVALID_REQUEST, "request_too_large",
                "Request body exceeds " + limit + " bytes.", null));
    }

    /** A large body did not arrive in time (408); its memory is given back. */
    public static ApiException bodyTooSlow(long seconds) {
        return new ApiException(408, new ApiError(ApiError.INVALID_REQUEST, "request_timeout",
                "The request body did not arrive within " + seconds + " seconds.", null));
    }

    /** One log entry of a request is larger than the limit (the whole request is refused). */
    public static ApiException entryTooLarge(long limit, String attr) {
        return new ApiException(413, new ApiError(ApiError.INVALID_REQUEST, "request_too_large",
                "Log entry exceeds " + limit + " bytes.", attr));
    }

    public static ApiException unsupportedMediaType(String mediaType) {
        return new ApiException(415, new ApiError(ApiError.INVALID_REQUEST, "unsupported_media_type",
                "Unsupported media type \"" + mediaType + "\" in request.", null));
    }

    /** The instance cannot take the request now (memory for its body, or a dependency down); retry later. */
    public static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(503, new ApiError(ApiError.SERVER, "service_unavailable", detail, null))
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    /** Too many request bodies are in memory already. */
    public static ApiException busy(int retryAfterSeconds) {
        return unavailable("The server is busy; try again shortly.", retryAfterSeconds);
    }

    /** DRF's answer to a throttled request (429). */
    public static ApiException throttled(int retryAfterSeconds) {
        return new ApiException(429, new ApiError(ApiError.THROTTLED, "throttled",
                "Request was throttled. Expected available in " + retryAfterSeconds + " second"
                        + (retryAfterSeconds == 1 ? "" : "s") + ".", null))
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    public static ApiException serverError() {
        return new ApiException(500, new ApiError(ApiError.SERVER, "error", "A server error occurred.", null));
    }
}
