package dev.tasks.domain.run;

import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.shared.UsageLimited;
import dev.tasks.domain.task.TaskId;
import java.time.Duration;
import java.time.Instant;

/**
 * A hook an installation may add to limit cloud runs (plans, quotas, billing): asked before a cloud
 * run is started ({@code run/}, {@code start/}), created ({@code POST runs/} with
 * {@code environment: cloud}) or resumed ({@code resume_in_cloud/}), it allows or refuses; a refusal
 * answers 429. One gate serves an installation, chosen by name ({@code TASKS_USAGE_GATE}) among the
 * implementations registered with {@link java.util.ServiceLoader}; the default, {@code none}, allows
 * everything. A gate that throws, or does not answer within {@link #ANSWER_WITHIN}, allows: a broken
 * gate must not stop the service.
 */
public interface UsageGate {

    /** The longest the service waits for a gate's verdict before it allows. */
    Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    /** The name an installation selects this gate by. */
    String name();

    /** Whether the caller may have this cloud run; called on a request thread, it should answer quickly. */
    Verdict check(Request request);

    /** What the caller is about to do. */
    enum Action {
        /** {@code POST tasks/{id}/run/}: a new cloud run, started. */
        RUN,
        /** {@code POST runs/{id}/start/}: a created cloud run started. */
        START,
        /** {@code POST runs/} with {@code environment: cloud}: a cloud run created, not started. */
        CREATE,
        /** {@code POST runs/{id}/resume_in_cloud/}: a run moved into a fresh sandbox. */
        RESUME
    }

    /** @param run null for {@link Action#RUN} and {@link Action#CREATE}, whose run does not exist yet */
    record Request(ProjectId project, UserId user, TaskId task, RunId run, Action action) {
    }

    /** A gate's answer. */
    sealed interface Verdict permits Allowed, Refused {
    }

    record Allowed() implements Verdict {
    }

    /**
     * @param message   shown to the caller as {@code error}
     * @param pro       whether the caller is on a paid plan ({@code is_pro})
     * @param limitType which limit was reached, or null
     * @param resetAt   when it resets, or null
     */
    record Refused(String message, boolean pro, UsageLimited.LimitType limitType, Instant resetAt)
            implements Verdict {

        public UsageLimited refusal() {
            return new UsageLimited(message, pro, limitType, resetAt);
        }
    }

    static Verdict allow() {
        return new Allowed();
    }
}
