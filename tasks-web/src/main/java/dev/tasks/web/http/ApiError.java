package dev.tasks.web.http;

/** PostHog's error body for validation, authentication, permission, routing and server errors. */
public record ApiError(String type, String code, String detail, String attr) {

    public static final String VALIDATION = "validation_error";
    public static final String AUTHENTICATION = "authentication_error";
    public static final String INVALID_REQUEST = "invalid_request";
    public static final String SERVER = "server_error";
    public static final String THROTTLED = "throttled_error";
}
