package dev.tasks.web.cloud;

import dev.tasks.domain.identity.Scope;
import dev.tasks.domain.sandbox.ConnectionClaims;
import dev.tasks.domain.sandbox.ConnectionTokens;
import dev.tasks.domain.sandbox.VerificationKey;
import dev.tasks.web.http.RequiresScope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/projects/{project_id}/tasks/sandbox_public_key/}
 * (docs/cloud-runs.md#publishing-the-verification-keys): the keys that verify connection tokens, the primary first.
 */
@RequestScoped
@Path("projects/{project_id}/tasks/sandbox_public_key")
public class SandboxPublicKeyResource {

    @Inject
    ConnectionTokens tokens;

    @GET
    @RequiresScope(value = Scope.Resource.TASK, access = Scope.Access.READ)
    public Map<String, Object> keys() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithm", "RS256");
        body.put("audience", ConnectionClaims.AUDIENCE);
        List<Map<String, Object>> keys = tokens.keys().stream().map(SandboxPublicKeyResource::view).toList();
        body.put("keys", keys);
        return body;
    }

    private static Map<String, Object> view(VerificationKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kid", key.keyId());
        view.put("public_key", key.publicKeyPem());
        view.put("primary", key.primary());
        return view;
    }
}
