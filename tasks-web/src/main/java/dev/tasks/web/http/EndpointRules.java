package dev.tasks.web.http;

import jakarta.ws.rs.container.ResourceInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** Reads an endpoint's access annotations: the method's own, else its class's. */
public final class EndpointRules {

    private EndpointRules() {
    }

    public static <A extends Annotation> A find(ResourceInfo resource, Class<A> type) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        A annotation = method.getAnnotation(type);
        if (annotation == null && resource.getResourceClass() != null) {
            annotation = resource.getResourceClass().getAnnotation(type);
        }
        return annotation;
    }

    public static boolean has(ResourceInfo resource, Class<? extends Annotation> type) {
        return find(resource, type) != null;
    }
}
