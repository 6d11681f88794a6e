package dev.tasks.web.http;

import dev.tasks.domain.shared.Page;
import dev.tasks.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds page bodies. {@code next} and {@code previous} are absolute URLs (from
 * {@code TASKS_PUBLIC_URL}, else from the request) that repeat the request's query with
 * {@code limit} and {@code offset} replaced, parameters sorted by name as PostHog's paginator does;
 * {@code previous} drops {@code offset} when it would be 0.
 */
@ApplicationScoped
public class Pagination {

    @Inject
    HttpSettings settings;

    public <D, V> PageView<V> view(Page<D> page, PageRequest request, UriInfo uri, Function<? super D, ? extends V> mapper) {
        List<V> results = page.items().stream().<V>map(mapper).toList();
        String next = null;
        if (request.offset() + request.limit() < page.count()) {
            next = link(uri, request.limit(), request.offset() + request.limit());
        }
        String previous = null;
        if (request.offset() > 0) {
            previous = link(uri, request.limit(), Math.max(0, request.offset() - request.limit()));
        }
        return new PageView<>(page.count(), next, previous, results);
    }

    private String link(UriInfo uri, int limit, int offset) {
        Map<String, List<String>> query = new TreeMap<>();
        String raw = uri.getRequestUri().getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        query.put("limit", List.of(Integer.toString(limit)));
        if (offset > 0) {
            query.put("offset", List.of(Integer.toString(offset)));
        } else {
            query.remove("offset");
        }
        var text = new StringBuilder(base(uri)).append('?');
        boolean first = true;
        for (var entry : query.entrySet()) {
            for (String value : entry.getValue()) {
                if (!first) {
                    text.append('&');
                }
                first = false;
                text.append(encode(entry.getKey())).append('=').append(encode(value));
            }
        }
        return text.toString();
    }

    /** The request's absolute URL without its query, on the public base when one is configured. */
    public String base(UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        return settings.publicUrl().map(url -> url + path).orElseGet(() -> {
            var request = uri.getRequestUri();
            return request.getScheme() + "://" + request.getRawAuthority() + path;
        });
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Python's {@code quote_plus}: spaces become {@code +}, and only {@code _.-~} stay unescaped. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }
}
