package dev.tasks.domain.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a run's {@code output} changes (docs/runs.md, "Output", "Output schemas" and "The pr_merged key"). Outputs are
 * plain Java values of JSON: maps, lists, strings, numbers, booleans, or null.
 */
public final class RunOutput {

    static final String PR_URL = "pr_url";
    static final String PR_MERGED = "pr_merged";

    private RunOutput() {
    }

    /** PATCH: an object sent onto an object persisted is merged key by key; anything else replaces. */
    public static Object merge(Object persisted, Object sent) {
        Object result = sent;
        if (sent instanceof Map<?, ?> update && persisted instanceof Map<?, ?> old) {
            Map<Object, Object> merged = new LinkedHashMap<>(old);
            merged.putAll(update);
            result = merged;
        }
        return keepPrMerged(persisted, result, sent);
    }

    /** {@code set_output/}: the sent output replaces the persisted one. */
    public static Object replace(Object persisted, Object sent) {
        return keepPrMerged(persisted, sent, sent);
    }

    /**
     * {@code pr_merged} belongs to the server: a caller's value is discarded; a stored value survives
     * only while {@code pr_url} stays the same.
     */
    private static Object keepPrMerged(Object persisted, Object result, Object sent) {
        if (!(result instanceof Map<?, ?> map)) {
            return result;
        }
        Map<Object, Object> cleaned = new LinkedHashMap<>(map);
        boolean sentPrMerged = sent instanceof Map<?, ?> sentMap && sentMap.containsKey(PR_MERGED);
        if (sentPrMerged) {
            cleaned.remove(PR_MERGED);
        }
        if (persisted instanceof Map<?, ?> old && old.containsKey(PR_MERGED)) {
            if (Objects.equals(old.get(PR_URL), cleaned.get(PR_URL))) {
                cleaned.put(PR_MERGED, old.get(PR_MERGED));
            } else {
                cleaned.remove(PR_MERGED);
            }
        }
        return cleaned;
    }
}
