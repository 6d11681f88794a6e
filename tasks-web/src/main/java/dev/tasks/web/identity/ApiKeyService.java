package dev.tasks.web.identity;

import dev.tasks.domain.identity.ApiKeySecret;
import dev.tasks.domain.identity.Caller;
import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.PersonalApiKeys;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.Projects;
import dev.tasks.domain.identity.Scopes;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.shared.InvalidValueException;
import dev.tasks.domain.shared.NotFound;
import dev.tasks.domain.shared.Timestamps;
import dev.tasks.domain.task.Uuids;
import dev.tasks.web.identity.IdentityViews.ApiKeyView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Personal API keys: listing, minting with the rules of docs/identity.md#creating-keys, deleting. */
@ApplicationScoped
@Transactional
public class ApiKeyService {

    @Inject
    PersonalApiKeys keys;

    @Inject
    Projects projects;

    @Inject
    Clock clock;

    @Inject
    SecureRandom random;

    /** A key request as parsed from the body; {@code scopedTeams} null when absent. */
    public record KeyRequest(String label, Scopes scopes, List<Long> scopedTeams) {
    }

    public List<ApiKeyView> list(Caller caller) {
        return keys.ownedBy(caller.userId()).stream().map(key -> ApiKeyView.of(key, null)).toList();
    }

    public ApiKeyView get(Caller caller, String id) {
        UUID keyId = "@current".equals(id) ? caller.key().id() : parse(id);
        return keys.find(keyId, caller.userId()).map(key -> ApiKeyView.of(key, null))
                .orElseThrow(NotFound::addressed);
    }

    public void delete(Caller caller, String id) {
        if (!keys.delete(parse(id), caller.userId())) {
            throw NotFound.addressed();
        }
    }

    /** Mints a key for the caller. */
    public ApiKeyView create(Caller caller, KeyRequest request) {
        return mint(caller, caller.user(), request);
    }

    /**
     * Mints a key for {@code owner} on behalf of {@code caller}: scopes valid and within the caller's
     * own, project limit within the owner's projects and the caller's limit, at most ten keys.
     */
    ApiKeyView mint(Caller caller, User owner, KeyRequest request) {
        Scopes scopes = request.scopes();
        caller.key().scopes().requireCovers(scopes);
        List<ProjectId> limit = scopedTeams(caller, owner, request.scopedTeams());
        if (keys.countOwnedBy(owner.id()) >= PersonalApiKey.MAX_KEYS_PER_USER) {
            throw new InvalidValueException(null, "You can only have 10 personal API keys. Remove an existing key"
                    + " before creating a new one.");
        }
        ApiKeySecret secret = ApiKeySecret.generate(random);
        var key = new PersonalApiKey(UUID.randomUUID(), owner.id(), request.label(), secret.digest(), secret.mask(),
                scopes, limit, Timestamps.now(clock), null, null);
        keys.add(key);
        return ApiKeyView.of(key, secret.value());
    }

    private List<ProjectId> scopedTeams(Caller caller, User owner, List<Long> requested) {
        if (requested == null || requested.isEmpty()) {
            // A key made by a limited key never reaches further than its maker.
            return caller.key().scopedTeams();
        }
        List<ProjectId> ids = requested.stream().map(id -> id < 1 ? null : new ProjectId(id)).toList();
        for (ProjectId id : ids) {
            boolean member = id != null && projects.find(id).isPresent()
                    && (owner.staff() || projects.isMember(id, owner.id()));
            if (!member || !caller.mayUse(id)) {
                throw new InvalidValueException("scoped_teams",
                        "You must be a member of all teams that you are scoping the key to.");
            }
        }
        return ids.stream().distinct().toList();
    }

    private static UUID parse(String id) {
        return Uuids.parse(id).orElseThrow(NotFound::addressed);
    }
}
