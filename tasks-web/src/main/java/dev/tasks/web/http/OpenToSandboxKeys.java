package dev.tasks.web.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route a sandbox key may call although it names no task ({@code GET /api/users/@me/},
 * docs/cloud-runs.md#sandbox-keys). Every other route without a {@code task_id} refuses sandbox keys.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OpenToSandboxKeys {
}
