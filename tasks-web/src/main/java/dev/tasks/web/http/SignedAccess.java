package dev.tasks.web.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint that a signed link may also open: a request without an {@code Authorization} header
 * that carries a {@code signature} query parameter passes authentication and scopes unauthenticated,
 * and the endpoint itself must verify the signature before it answers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SignedAccess {
}
