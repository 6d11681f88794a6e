package dev.tasks.web.http;

import dev.tasks.domain.identity.Scope;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The scope a key needs for an endpoint (docs/identity.md#scopes); checked right after authentication. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
    Scope.Resource value();

    Scope.Access access();
}
