package dev.tasks.web.runs;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * The headers of an event stream (logs-and-stream.md §6.2, beyond.md §5.4): no caching, no proxy
 * buffering, and how long a {@code Last-Event-ID} stays resumable.
 */
@Provider
public class StreamHeaders implements ContainerResponseFilter {

    @Inject
    StreamSettings settings;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(response.getMediaType())) {
            response.getHeaders().putSingle("Cache-Control", "no-cache");
            response.getHeaders().putSingle("X-Accel-Buffering", "no");
            response.getHeaders().putSingle("X-Stream-Retention-Seconds", settings.retentionDays() * 86_400);
        }
    }
}
