package dev.tasks.domain.sandbox;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.User;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.Run;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.task.TaskId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What a connection token says (docs/cloud-runs.md#connection-tokens): which run of which task and project it opens,
 * for which user, in which mode, and for how long. The agent server of the run's sandbox accepts a
 * command only with a token whose run, task and project are its own.
 *
 * @param mode {@code interactive} or {@code background}
 * @param issuedAt whole seconds, as the token carries it
 */
public record ConnectionClaims(RunId run, TaskId task, ProjectId team, UserId user, String distinctId, String mode,
                               Instant issuedAt) {

    /** The audience every agent server checks. */
    public static final String AUDIENCE = "posthog:sandbox_connection";
    /** How long a token is good for. */
    public static final Duration LIFETIME = Duration.ofDays(1);
    /** The mode of a run whose state names none. */
    public static final String DEFAULT_MODE = "background";

    public ConnectionClaims {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(distinctId, "distinctId");
        Objects.requireNonNull(mode, "mode");
        issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The claims of a token that lets {@code user} talk to the agent of {@code run}, issued at {@code now}. */
    public static ConnectionClaims of(Run run, User user, Instant now) {
        String mode = run.state().get("mode") instanceof String given
                && ("interactive".equals(given) || "background".equals(given)) ? given : DEFAULT_MODE;
        return new ConnectionClaims(run.id(), run.task(), run.project(), user.id(), user.distinctId(), mode, now);
    }

    public Instant expiresAt() {
        return issuedAt.plus(LIFETIME);
    }
}
