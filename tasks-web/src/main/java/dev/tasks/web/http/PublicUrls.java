package dev.tasks.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The absolute base of URLs the service hands out ({@code log_url}, the sandbox's API URL):
 * {@code TASKS_PUBLIC_URL} when configured, else the scheme and authority of the current request.
 */
@ApplicationScoped
public class PublicUrls {

    @Inject
    HttpSettings settings;

    @Inject
    HttpServletRequest request;

    public String base() {
        return settings.publicUrl().orElseGet(() -> {
            StringBuffer url = request.getRequestURL();
            String path = request.getRequestURI();
            return url.substring(0, url.length() - path.length());
        });
    }
}
