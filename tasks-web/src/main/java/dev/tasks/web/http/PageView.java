package dev.tasks.web.http;

import java.util.List;

/** PostHog's page body: the total, links to the neighbouring pages, and this page's items. */
public record PageView<T>(long count, String next, String previous, List<T> results) {
}
