package dev.tasks.domain.readiness;

import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.shared.WireEnum;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One capability's verdict (docs/readiness.md#capability-states): a state, the exact reason, and the evidence behind
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

    /** Which capabilities apply to a repository (docs/readiness.md#classification). */
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

    /** The counts from the project's data and this service's tasks (docs/readiness.md#counts). */
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
        Map<String, Object> matched = new LinkedHashMap<>();
        matched.put("matchedEventCount", n);
        matched.put("eventNameCount", evidence.capturedEventNames().size());
        Capability tracking = decide(TRACKING, applicable.tracking(), trackingOk, flags.proactiveTasksEnabled(),
                "matchedEventCount", n, matched);
        Capability replay = decide(REPLAY, applicable.computerVision(), cvOk, flags.sessionRecordingOptIn(),
                "replayTaskCount", counts.replayTasks(), null);
        Capability errors = decide(ERRORS, applicable.errors(), errorsOk, flags.autocaptureExceptionsOptIn(),
                "recentErrorIssueCount", counts.errorIssues(), null);
        return List.of(tracking, replay, errors);
    }

    /** The reason of each state of one capability, in the order the states are decided. */
    private record Reasons(String notApplicable, String needsSetup, String detected, String ready, String waiting) {
    }

    private static final Reasons TRACKING = new Reasons("Tracking is not required for this repository type.",
            "No reliable tracking instrumentation found in repository code.",
            "Tracking instrumentation detected. Enable proactive tasks for this project.",
            "Tracking instrumentation detected and matching events were seen recently.",
            "Tracking instrumentation detected, but waiting for matching event data in this project.");
    private static final Reasons REPLAY = new Reasons("Computer vision is not applicable for this repository type.",
            "No frontend PostHog initialization found for computer vision support.",
            "PostHog SDK detected. Enable session replay for this project.",
            "Computer vision is configured and replay-derived evidence exists.",
            "Computer vision is configured, waiting for replay-derived evidence.");
    private static final Reasons ERRORS = new Reasons("Error tracking is not required for this repository type.",
            "No reliable error instrumentation found in repository code.",
            "Error instrumentation detected. Enable error tracking for this project.",
            "Error instrumentation detected and recent error data exists.",
            "Error instrumentation detected, but waiting for error data in this project.");

    /**
     * One capability's state, the conditions tested top to bottom (docs/readiness.md#capability-states): not
     * applicable, not instrumented, switched off in the project, data seen, waiting for data. The evidence is
     * {@code {<evidenceKey>: count}}, or {@code readyEvidence} when given and the state is ready.
     */
    private static Capability decide(Reasons reasons, boolean applicable, boolean instrumented, boolean enabled,
                                     String evidenceKey, long count, Map<String, Object> readyEvidence) {
        if (!applicable) {
            return new Capability(State.NOT_APPLICABLE, reasons.notApplicable(), Map.of());
        }
        Map<String, Object> evidence = Map.of(evidenceKey, count);
        if (!instrumented) {
            return new Capability(State.NEEDS_SETUP, reasons.needsSetup(), evidence);
        }
        if (!enabled) {
            return new Capability(State.DETECTED, reasons.detected(), evidence);
        }
        if (count > 0) {
            return new Capability(State.READY, reasons.ready(), readyEvidence == null ? evidence : readyEvidence);
        }
        return new Capability(State.WAITING_FOR_DATA, reasons.waiting(), evidence);
    }

    /**
     * {@code overall} (docs/readiness.md#overall-verdict): {@code ready}, {@code needs_setup}, {@code detected},
     * {@code unknown} or {@code partial}.
     */
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
