package dev.tasks.web.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tasks.domain.idempotency.IdempotencyKey;
import dev.tasks.domain.idempotency.IdempotencyRecords;
import dev.tasks.domain.idempotency.IdempotencyRecords.Claim;
import dev.tasks.domain.idempotency.StoredResponse;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.Timestamps;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code Idempotency-Key} on creating POSTs (docs/runs.md#idempotency-key). After authentication, scope and project
 * checks and before validation, the key is claimed for the caller; a retry of a finished request
 * gets the first response again ({@code Idempotent-Replayed: true}) and executes nothing. Only 2xx
 * and 4xx outcomes are kept (not 409 or 429); anything else frees the key for another try. A
 * response that shows a secret once ({@link ShownOnce}) is kept with that secret nulled out.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 200)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String HEADER = "Idempotency-Key";
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class.getName());

    @Context
    ResourceInfo resource;

    @Inject
    RequestContext context;

    @Inject
    IdempotencyRecords records;

    @Inject
    RequestBody requestBody;

    @Inject
    Clock clock;

    @Inject
    IdempotencyExpiry expiry;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String header = request.getHeaderString(HEADER);
        if (header == null || !"POST".equals(request.getMethod()) || !EndpointRules.has(resource, Idempotent.class)) {
            return;
        }
        IdempotencyKey key;
        try {
            key = new IdempotencyKey(context.caller().userId(), header);
        } catch (InvalidValueException e) {
            throw ApiException.invalidInput(e.getMessage(), null);
        }
        byte[] body = requestBody.read(request.getEntityStream(), request.getHeaders());
        Claim claim = records.claim(key, fingerprint(request, body), Timestamps.now(clock), expiry.ttl());
        switch (claim) {
            case Claim.Claimed claimed -> request.setProperty(CLAIM, key);
            case Claim.Replay replay -> request.abortWith(Response.status(replay.response().status())
                    .type(replay.response().contentType())
                    .entity(replay.response().body())
                    .header("Idempotent-Replayed", "true")
                    .build());
            case Claim.InProgress inProgress -> throw new ApiException(409, new ApiError(ApiError.INVALID_REQUEST,
                    "idempotency_key_in_use", "A request with this Idempotency-Key is still being processed.", null));
            case Claim.Mismatch mismatch -> throw new ApiException(422, new ApiError(ApiError.VALIDATION,
                    "idempotency_key_reused", "Idempotency-Key was already used with a different request.", null));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof IdempotencyKey key)) {
            return;
        }
        int status = response.getStatus();
        boolean keep = (status >= 200 && status < 300) || (status >= 400 && status < 500 && status != 409 && status != 429);
        try {
            if (!keep) {
                records.release(key);
                return;
            }
            Object entity = response.getEntity();
            byte[] body = entity == null ? new byte[0] : entity instanceof byte[] bytes ? bytes : Json.bytes(entity);
            MediaType type = response.getMediaType() == null ? MediaType.APPLICATION_JSON_TYPE : response.getMediaType();
            byte[] stored = entity instanceof ShownOnce secrets ? Json.bytes(withoutSecrets(entity, secrets)) : body;
            records.complete(key, new StoredResponse(status, type.toString(), stored));
            response.setEntity(body, null, type);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record an idempotent response; the key is released", e);
            records.release(key);
        }
    }

    /** The response's JSON with each of its secrets replaced by null: what a replay may show. */
    private static JsonNode withoutSecrets(Object entity, ShownOnce secrets) {
        JsonNode tree = Json.MAPPER.valueToTree(entity);
        for (String pointer : secrets.secretPointers()) {
            JsonPointer path = JsonPointer.compile(pointer);
            if (tree.at(path.head()) instanceof ObjectNode parent && parent.has(path.last().getMatchingProperty())) {
                parent.putNull(path.last().getMatchingProperty());
            }
        }
        return tree;
    }

    /** SHA-256 over the method, the path ({@code @current} resolved, no trailing slash) and the body. */
    private String fingerprint(ContainerRequestContext request, byte[] body) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (String current : new String[] {"/@current", "/%40current"}) {
            if (path.contains(current + "/") || path.endsWith(current)) {
                path = path.replace(current, "/" + context.project().id());
            }
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((request.getMethod() + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
