package dev.tasks.web.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The body an endpoint answers its own refusals with, where PostHog's view writes one by hand
 * instead of raising a framework error: {@code {"error": message}} or {@code {"detail": message}}.
 * It covers refusals of the request as a whole and of things it refers to; a value refused for a
 * named field, a path object not found and a denied permission keep the standard body
 * ({@link Refusals}). Without this annotation every refusal gets the standard body.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RefusalBody {

    Shape value();

    /**
     * The status of an {@link dev.tasks.domain.shared.Unavailable} dependency that did not time out
     * (a timeout is always 504): PostHog answers object-store failures of the artifact endpoints with
     * 400, an unreachable agent with 502.
     */
    int unavailable() default 503;

    enum Shape {
        /** PostHog's standard body, {@link ApiError}. */
        STANDARD,
        /** {@code {"error": message}}. */
        ERROR,
        /** {@code {"detail": message}}. */
        DETAIL
    }
}
