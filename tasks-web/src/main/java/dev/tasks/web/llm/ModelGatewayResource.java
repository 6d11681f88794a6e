package dev.tasks.web.llm;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.llm.ModelProvider;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.shared.LogSafe;
import dev.tasks.web.http.ApiException;
import dev.tasks.web.http.OpenToSandboxKeys;
import dev.tasks.web.http.RequestBody;
import dev.tasks.web.http.RequestContext;
import dev.tasks.web.http.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The model gateway agents call ({@code LLM_GATEWAY_URL} = {@code <service>/api/llm}, to which the
 * agent appends its product): {@code POST /api/llm/<product>/v1/messages}, {@code GET …/v1/models}
 * and {@code …/api/hello}, for the sandbox key of a run that has not ended. Requests go to the
 * model provider with the installation's key; the answer streams back as it arrives, chunk by
 * chunk, while its usage is read off it and recorded for the run. No request thread waits for the
 * provider.
 */
@RequestScoped
@Path("llm/{product}")
public class ModelGatewayResource {

    private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Logger LOG = Logger.getLogger(ModelGatewayResource.class.getName());

    @Inject
    RequestContext context;

    @Inject
    ModelGateway gateway;

    @Inject
    ModelProvider provider;

    @Inject
    RequestBody requestBody;

    @POST
    @Path("v1/messages")
    @OpenToSandboxKeys
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public void messages(@PathParam("product") String product, @Context HttpHeaders headers, @Context UriInfo uri,
                         InputStream entity, @Suspended AsyncResponse response) throws IOException {
        RunId run = admit(product);
        byte[] body = requestBody.read(entity, headers.getRequestHeaders());
        pass(run, "POST", "/v1/messages", uri, headers, body, response);
    }

    @GET
    @Path("v1/models")
    @OpenToSandboxKeys
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public void models(@PathParam("product") String product, @Context HttpHeaders headers, @Context UriInfo uri,
                       @Suspended AsyncResponse response) {
        pass(admit(product), "GET", "/v1/models", uri, headers, null, response);
    }

    /** The agent's check that the gateway is there ({@code HEAD} too); answered here. */
    @GET
    @Path("api/hello")
    @OpenToSandboxKeys
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.WRITE)
    public Map<String, String> hello(@PathParam("product") String product) {
        admit(product);
        return Map.of("message", "hello");
    }

    private RunId admit(String product) {
        if (!PRODUCT.matcher(product).matches()) {
            throw ApiException.notFound();
        }
        return gateway.admit(context.caller());
    }

    private void pass(RunId run, String method, String path, UriInfo uri, HttpHeaders headers, byte[] body,
                      AsyncResponse response) {
        var answered = provider.send(method, path, uri.getRequestUri().getRawQuery(), headers.getRequestHeaders(), body);
        if (body != null) {
            // The body is the client's to send now; the answer may stream for minutes without it counting.
            requestBody.handedOn();
        }
        answered.whenComplete((answer, failure) -> {
            try {
                if (failure != null) {
                    LOG.log(Level.WARNING, "The model provider is not reachable", LogSafe.throwable(failure));
                    response.resume(providerError(502, "The model provider is not reachable"));
                } else if (!response.resume(streamed(answer, body == null ? null : run))) {
                    answer.discard();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not pass a model answer on", LogSafe.throwable(e));
                if (answer != null) {
                    answer.discard();
                }
                response.resume(providerError(502, "The model provider's answer could not be passed on"));
            }
        });
    }

    /**
     * The provider's answer, passed on chunk by chunk as it arrives; the usage of a model call (of
     * {@code run}, null for a listing) recorded at the end, also when the agent stops reading halfway.
     */
    private Response streamed(ModelProvider.Answer answer, RunId run) {
        StreamingOutput body = output -> {
            try {
                answer.passTo(output);
            } finally {
                if (run != null) {
                    ModelProvider.Metered metered = answer.metered();
                    gateway.record(run, metered.model(), answer.status(), metered.usage());
                }
            }
        };
        Response.ResponseBuilder built = Response.status(answer.status()).entity(body);
        answer.headers().forEach((name, values) -> values.forEach(value -> built.header(name, value)));
        return built.build();
    }

    /** An error in the provider's own shape, which the agent's model client understands. */
    static Response providerError(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(
                ("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"" + message + "\"}}")
                        .getBytes(StandardCharsets.UTF_8)).build();
    }
}
