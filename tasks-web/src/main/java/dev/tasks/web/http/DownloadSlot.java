package dev.tasks.web.http;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The download place of the current request, held until the request (and its response) ends. */
@RequestScoped
public class DownloadSlot {

    @Inject
    Downloads downloads;

    private Caps.Place place;

    /** Takes a place for {@code key} (an API key's id, or what a signed link names); 429 when none is left. */
    public void take(Object key) {
        if (place == null) {
            place = downloads.caps().admit(key);
        }
    }

    @PreDestroy
    void release() {
        if (place != null) {
            place.release();
            place = null;
        }
    }
}
