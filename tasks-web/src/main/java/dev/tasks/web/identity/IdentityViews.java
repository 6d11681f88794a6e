package dev.tasks.web.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tasks.domain.identity.Integration;
import dev.tasks.domain.identity.Membership;
import dev.tasks.domain.identity.PersonalApiKey;
import dev.tasks.domain.identity.Project;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.User;
import dev.tasks.web.http.ShownOnce;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of identity objects, keys in PostHog's order. */
public final class IdentityViews {

    private IdentityViews() {
    }

    public record ProjectView(long id, long projectId, String name, boolean proactiveTasksEnabled,
                              boolean sessionRecordingOptIn, boolean autocaptureExceptionsOptIn, Instant createdAt) {
        public static ProjectView of(Project project) {
            return new ProjectView(project.id().value(), project.id().value(), project.name(),
                    project.settings().proactiveTasksEnabled(), project.settings().sessionRecordingOptIn(),
                    project.settings().autocaptureExceptionsOptIn(), project.createdAt());
        }
    }

    public record UserView(long id, UUID uuid, String distinctId, String email, String firstName, String lastName,
                           @JsonProperty("is_staff") boolean isStaff, @JsonProperty("is_active") boolean isActive,
                           Instant dateJoined) {
        public static UserView of(User user) {
            return new UserView(user.id().value(), user.uuid(), user.distinctId(), user.email(), user.firstName(),
                    user.lastName(), user.staff(), user.active(), user.dateJoined());
        }
    }

    /** A user created with an initial key, which is shown this once. */
    public record CreatedUserView(long id, UUID uuid, String distinctId, String email, String firstName,
                                  String lastName, @JsonProperty("is_staff") boolean isStaff,
                                  @JsonProperty("is_active") boolean isActive, Instant dateJoined,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) ApiKeyView initialKey)
            implements ShownOnce {
        public static CreatedUserView of(User user, ApiKeyView initialKey) {
            return new CreatedUserView(user.id().value(), user.uuid(), user.distinctId(), user.email(),
                    user.firstName(), user.lastName(), user.staff(), user.active(), user.dateJoined(), initialKey);
        }

        @Override
        public List<String> secretPointers() {
            return initialKey == null ? List.of() : List.of("/initial_key/value");
        }
    }

    /** The user shape embedded in other objects, with PostHog's always-null extras. */
    public record BasicUserView(long id, UUID uuid, String distinctId, String firstName, String lastName, String email,
                                Boolean isEmailVerified, Object hedgehogConfig, String roleAtOrganization) {
        public static BasicUserView of(User user) {
            return user == null ? null : new BasicUserView(user.id().value(), user.uuid(), user.distinctId(),
                    user.firstName(), user.lastName(), user.email(), null, null, null);
        }
    }

    public record TeamRef(long id, long projectId, String name) {
    }

    public record ProjectRef(long id, String name) {
    }

    /** {@code /api/users/@me/}: the user, the project {@code @current} means, and every usable project. */
    public record MeView(long id, UUID uuid, String distinctId, String firstName, String lastName, String email,
                         @JsonProperty("is_staff") boolean isStaff, @JsonProperty("is_active") boolean isActive,
                         Instant dateJoined, TeamRef team, List<ProjectRef> projects) {
        public static MeView of(User user, Project current, List<Project> projects) {
            return new MeView(user.id().value(), user.uuid(), user.distinctId(), user.firstName(), user.lastName(),
                    user.email(), user.staff(), user.active(), user.dateJoined(),
                    current == null ? null : new TeamRef(current.id().value(), current.id().value(), current.name()),
                    projects.stream().map(p -> new ProjectRef(p.id().value(), p.name())).toList());
        }
    }

    public record ApiKeyView(String id, String label, @JsonInclude(JsonInclude.Include.NON_NULL) String value,
                             String maskValue, Instant createdAt, Instant lastUsedAt, Instant lastRolledAt,
                             long userId, List<String> scopes, List<Long> scopedTeams,
                             List<Object> scopedOrganizations) {
        public static ApiKeyView of(PersonalApiKey key, String value) {
            return new ApiKeyView(key.id().toString(), key.label(), value, key.mask(), key.createdAt(),
                    key.lastUsedAt(), null, key.owner().value(), key.scopes().wireNames(),
                    key.scopedTeams().isEmpty() ? null : key.scopedTeams().stream().map(ProjectId::value).toList(),
                    List.of());
        }
    }

    public record MembershipView(BasicUserView user, Instant joinedAt) {
        public static MembershipView of(Membership membership) {
            return new MembershipView(BasicUserView.of(membership.user()), membership.joinedAt());
        }
    }

    public record IntegrationView(long id, String kind, String displayName, Map<String, Object> config,
                                  Instant createdAt, BasicUserView createdBy) {
        public static IntegrationView of(Integration integration, User creator) {
            return new IntegrationView(integration.id(), integration.kind().wireName(), integration.displayName(),
                    integration.config(), integration.createdAt(), BasicUserView.of(creator));
        }
    }
}
