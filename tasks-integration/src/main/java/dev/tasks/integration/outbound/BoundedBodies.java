package dev.tasks.integration.outbound;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Response bodies read into memory only up to a bound: past it the response is cancelled and the
 * call fails, so a peer that answers without end costs a bounded amount of memory. Nothing blocks.
 */
public final class BoundedBodies {

    private BoundedBodies() {
    }

    /** The body's bytes; an {@link IOException} when the answer is longer than {@code maxBytes}. */
    public static HttpResponse.BodyHandler<byte[]> ofBytes(long maxBytes) {
        return info -> new Bounded(maxBytes);
    }

    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private Flow.Subscription subscription;
        private long size;

        Bounded(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                size += item.remaining();
                if (size > maxBytes) {
                    parts.clear();
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the answer is longer than " + maxBytes + " bytes"));
                    return;
                }
                parts.add(item);
            }
        }

        @Override
        public void onError(Throwable failure) {
            parts.clear();
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            byte[] bytes = new byte[(int) size];
            int at = 0;
            for (ByteBuffer part : parts) {
                int length = part.remaining();
                part.get(bytes, at, length);
                at += length;
            }
            parts.clear();
            body.complete(bytes);
        }
    }
}
