package dev.tasks.domain.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The model provider behind the service's model gateway: a request is passed on with the
 * installation's key, and its answer is handed back to be streamed to the agent as it arrives.
 */
public interface ModelProvider {

    /**
     * Sends a request to the provider; completes when the answer's status and headers have arrived,
     * or exceptionally when the provider cannot be reached.
     *
     * @param path    the provider's path ({@code /v1/messages})
     * @param query   the raw query string, or null
     * @param headers the caller's headers; the provider passes on only those it knows to be safe
     * @param body    the request body, or null for none
     */
    CompletableFuture<Answer> send(String method, String path, String query, Map<String, List<String>> headers,
                                   byte[] body);

    /** An answer whose body is still to come. */
    interface Answer {

        int status();

        /** The headers to pass back to the caller. */
        Map<String, List<String>> headers();

        /**
         * Copies the body to {@code out} as it arrives, flushing whenever the provider pauses, and
         * closes it, also when either side fails.
         */
        void passTo(OutputStream out) throws IOException;

        /** What the answer reported of what has passed so far (all of it after {@link #passTo}). */
        Metered metered();

        /** Closes the answer unread: its caller is gone. */
        void discard();
    }

    /**
     * What an answer reported, read as it passed.
     *
     * @param model the model the answer names, else the one the request asked for, or null
     */
    record Metered(String model, ModelUsage usage) {
    }
}
