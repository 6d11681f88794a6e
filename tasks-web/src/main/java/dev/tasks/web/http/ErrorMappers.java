package dev.tasks.web.http;

import dev.tasks.domain.shared.LogSafe;
import dev.tasks.domain.shared.Refusal;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The only ways an error leaves the service: PostHog's bodies with the right status, and never a
 * stack trace (unexpected failures are logged here and answered with the generic 500 body).
 */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response toResponse(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).entity(e.body()).type(MediaType.APPLICATION_JSON_TYPE);
        e.headers().forEach((name, values) -> values.forEach(value -> response.header(name, value)));
        return response.build();
    }

    /** Errors the service raises on purpose. */
    @Provider
    public static class ApiExceptionMapper implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return ErrorMappers.toResponse(e);
        }
    }

    /** An application service's refusal, in the body its endpoint answers with ({@link Refusals}). */
    @Provider
    public static class RefusalMapper implements ExceptionMapper<Refusal> {
        @Context
        ResourceInfo resource;

        @Override
        public Response toResponse(Refusal e) {
            return ErrorMappers.toResponse(Refusals.answer(e, bodyOf(resource)));
        }
    }

    static RefusalBody bodyOf(ResourceInfo resource) {
        return resource == null ? null : EndpointRules.find(resource, RefusalBody.class);
    }

    /** Routing failures of the JAX-RS runtime: unknown path, wrong method, unreadable media type. */
    @Provider
    public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
        @Context
        Request request;
        @Context
        HttpHeaders headers;

        @Override
        public Response toResponse(WebApplicationException e) {
            if (e.getCause() instanceof ApiException api) {
                return ErrorMappers.toResponse(api);
            }
            if (e instanceof NotFoundException) {
                return ErrorMappers.toResponse(ApiException.notFound());
            }
            if (e instanceof NotAllowedException) {
                ApiException error = ApiException.methodNotAllowed(request.getMethod());
                Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
                if (allow != null) {
                    error.withHeader(HttpHeaders.ALLOW, allow);
                }
                return ErrorMappers.toResponse(error);
            }
            if (e instanceof NotSupportedException) {
                String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
                return ErrorMappers.toResponse(ApiException.unsupportedMediaType(type == null ? "" : type));
            }
            int status = e.getResponse().getStatus();
            if (status >= 500 && DatabaseOutage.isCause(e)) {
                return ErrorMappers.toResponse(DatabaseOutage.answer());
            }
            if (status >= 500) {
                LOG.log(Level.SEVERE, "Request failed", LogSafe.throwable(e));
                return ErrorMappers.toResponse(ApiException.serverError());
            }
            if (status == 400) {
                return ErrorMappers.toResponse(ApiException.validation("parse_error",
                        "JSON parse error - the request could not be read", null));
            }
            return ErrorMappers.toResponse(new ApiException(status,
                    new ApiError(ApiError.INVALID_REQUEST, "error", e.getResponse().getStatusInfo().getReasonPhrase(), null)));
        }
    }

    /** Anything else is a bug or an outage: log it, answer the generic 500. */
    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
        @Context
        ResourceInfo resource;

        @Override
        public Response toResponse(Throwable e) {
            ApiException api = find(e, resource);
            if (api != null) {
                return ErrorMappers.toResponse(api);
            }
            if (DatabaseOutage.isCause(e)) {
                LOG.warning(() -> "Request failed: the database is unavailable (" + LogSafe.text(e) + ")");
                return ErrorMappers.toResponse(DatabaseOutage.answer());
            }
            LOG.log(Level.SEVERE, "Request failed", LogSafe.throwable(e));
            return ErrorMappers.toResponse(ApiException.serverError());
        }

        /** Container layers (CDI interceptors, transactions) may wrap an intended error. */
        private static ApiException find(Throwable e, ResourceInfo resource) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ApiException api) {
                    return api;
                }
                if (cause instanceof Refusal refusal) {
                    return Refusals.answer(refusal, bodyOf(resource));
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return null;
        }
    }
}
