package dev.tasks.domain.readiness;

import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.shared.WireEnum;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One capability's verdict (readiness.md §4.3): a state, the exact reason, and the evidence behind
 * it. Always an estimate.
 */
public record Capability(State state, String reason, Map<String, Object> evidence) {

    /** The capability states. */
    public enum State implements WireEnum {
        NEEDS_SETUP, DETECTED, WAITING_FOR_DATA, READY, NOT_APPLICABLE, UNKNOWN
    }

    public Capability {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** Which capabilities apply to a repository (§4.2). */
    public record Applicability(boolean tracking, boolean computerVision, boolean errors) {
        public static Applicability of(Classification.Verdict verdict) {
            if (verdict.excluded()) {
                return new Applicability(false, false, false);
            }
            return switch (verdict.classification()) {
                case FRONTEND_JS -> new Applicability(true, true, true);
                case BACKEND_SERVICE, UNKNOWN -> new Applicability(true, false, true);
                default -> new Applicability(false, false, false);
            };
        }
    }

    /** The counts from the project's data and this service's tasks (§3.4). */
    public record Counts(long recentTrackingEvents, long replayTasks, long errorIssues) {
    }

    /** The three capabilities of a scanned repository, in response order. */
    public static List<Capability> assess(Classification.Verdict verdict, Evidence evidence, ProjectSettings flags,
                                          Counts counts) {
        Applicability applicable = Applicability.of(verdict);
        boolean trackingOk = evidence.foundPosthogInit()
                && (evidence.foundPosthogCapture() || !evidence.capturedEventNames().isEmpty());
        boolean cvOk = evidence.foundPosthogInit();
        boolean errorsOk = evidence.foundErrorSignal()
                || verdict.classification() == Classification.FRONTEND_JS && evidence.foundPosthogInit();
        long n = counts.recentTrackingEvents();
        long r = counts.replayTasks();
        long e = counts.errorIssues();
        Capability tracking;
        if (!applicable.tracking()) {
            tracking = new Capability(State.NOT_APPLICABLE, "Tracking is not required for this repository type.",
                    Map.of());
        } else if (!trackingOk) {
            tracking = new Capability(State.NEEDS_SETUP,
                    "No reliable tracking instrumentation found in repository code.", Map.of("matchedEventCount", n));
        } else if (!flags.proactiveTasksEnabled()) {
            tracking = new Capability(State.DETECTED,
                    "Tracking instrumentation detected. Enable proactive tasks for this project.",
                    Map.of("matchedEventCount", n));
        } else if (n > 0) {
            Map<String, Object> found = new LinkedHashMap<>();
            found.put("matchedEventCount", n);
            found.put("eventNameCount", evidence.capturedEventNames().size());
            tracking = new Capability(State.READY,
                    "Tracking instrumentation detected and matching events were seen recently.", found);
        } else {
            tracking = new Capability(State.WAITING_FOR_DATA,
                    "Tracking instrumentation detected, but waiting for matching event data in this project.",
                    Map.of("matchedEventCount", n));
        }
        Capability replay;
        if (!applicable.computerVision()) {
            replay = new Capability(State.NOT_APPLICABLE, "Computer vision is not applicable for this repository type.",
                    Map.of());
        } else if (!cvOk) {
            replay = new Capability(State.NEEDS_SETUP,
                    "No frontend PostHog initialization found for computer vision support.", Map.of("replayTaskCount", r));
        } else if (!flags.sessionRecordingOptIn()) {
            replay = new Capability(State.DETECTED, "PostHog SDK detected. Enable session replay for this project.",
                    Map.of("replayTaskCount", r));
        } else if (r > 0) {
            replay = new Capability(State.READY, "Computer vision is configured and replay-derived evidence exists.",
                    Map.of("replayTaskCount", r));
        } else {
            replay = new Capability(State.WAITING_FOR_DATA,
                    "Computer vision is configured, waiting for replay-derived evidence.", Map.of("replayTaskCount", r));
        }
        Capability errors;
        if (!applicable.errors()) {
            errors = new Capability(State.NOT_APPLICABLE, "Error tracking is not required for this repository type.",
                    Map.of());
        } else if (!errorsOk) {
            errors = new Capability(State.NEEDS_SETUP, "No reliable error instrumentation found in repository code.",
                    Map.of("recentErrorIssueCount", e));
        } else if (!flags.autocaptureExceptionsOptIn()) {
            errors = new Capability(State.DETECTED,
                    "Error instrumentation detected. Enable error tracking for this project.",
                    Map.of("recentErrorIssueCount", e));
        } else if (e > 0) {
            errors = new Capability(State.READY, "Error instrumentation detected and recent error data exists.",
                    Map.of("recentErrorIssueCount", e));
        } else {
            errors = new Capability(State.WAITING_FOR_DATA,
                    "Error instrumentation detected, but waiting for error data in this project.",
                    Map.of("recentErrorIssueCount", e));
        }
        return List.of(tracking, replay, errors);
    }

    /** {@code overall} (§4.4): {@code ready}, {@code needs_setup}, {@code detected}, {@code unknown} or {@code partial}. */
    public static String overall(List<Capability> capabilities) {
        List<State> applicable = capabilities.stream().map(Capability::state)
                .filter(state -> state != State.NOT_APPLICABLE).toList();
        if (applicable.isEmpty()) {
            return "unknown";
        }
        if (applicable.stream().allMatch(state -> state == State.READY)) {
            return "ready";
        }
        if (applicable.stream().allMatch(state -> state == State.NEEDS_SETUP || state == State.DETECTED)) {
            return applicable.stream().allMatch(state -> state == State.NEEDS_SETUP) ? "needs_setup" : "detected";
        }
        if (applicable.contains(State.UNKNOWN)) {
            return "unknown";
        }
        return "partial";
    }
}
