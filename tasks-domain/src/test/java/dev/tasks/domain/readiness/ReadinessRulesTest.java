package dev.tasks.domain.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tasks.domain.identity.ProjectSettings;
import dev.tasks.domain.readiness.Capability.Applicability;
import dev.tasks.domain.readiness.Capability.Counts;
import dev.tasks.domain.readiness.Capability.State;
import dev.tasks.domain.readiness.Classification.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Candidate files, classification, capability states and the overall verdict with its examples (docs/readiness.md,
 * "Candidate files" to "Overall verdict").
 */
class ReadinessRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"src/index.ts", "components/App.tsx", "lib/utils.js", "views/Home.jsx", "app/main.py",
            "cmd/server.go", "src/Main.java", "app/models/user.rb", "src/Controller.php", "Program.cs", "SRC/INDEX.TS"})
    void y4_scannablePaths(String path) {
        assertTrue(ScanPlan.isScannable(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dist/bundle.min.js", "node_modules/lodash/index.js", "dist/app.js", "build/output.js",
            "coverage/lcov.js", ".next/static/app.js", "vendor/lib.go", "README.md", "package.json", "config.yaml",
            "NODE_MODULES/foo.js"})
    void y4_unscannablePaths(String path) {
        assertFalse(ScanPlan.isScannable(path));
    }

    @ParameterizedTest
    @CsvSource({"src/utils.ts,1", "src/posthog.ts,3", "lib/analytics.py,2", "tracking/events.js,2", "telemetry.go,2",
            "instrument.ts,2", "src/error-handler.ts,3", "src/replay.ts,3", "src/main.ts,1", "app/main.ts,1",
            "lib/main.ts,0", "src/posthog-analytics.ts,5",
            "src/posthog-analytics-tracking-telemetry-instrument-error-replay.ts,15"})
    void y5_scores(String path, int score) {
        assertEquals(score, ScanPlan.score(path));
    }

    @Test
    void y6_y7_y8_candidates() {
        assertEquals(List.of("src/main.ts", "src/utils.py"),
                ScanPlan.candidates(List.of("src/main.ts", "README.md", "package.json", "src/utils.py")));
        assertEquals("src/posthog.ts", ScanPlan.candidates(List.of("lib/utils.ts", "src/posthog.ts", "app/main.ts")).get(0));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add("lib/file" + i + ".ts");
        }
        List<String> kept = ScanPlan.candidates(many);
        assertEquals(80, kept.size());
        assertEquals("lib/file0.ts", kept.get(0), "shorter paths first, then tree order");
        assertEquals("lib/file10.ts", kept.get(10));
    }

    @ParameterizedTest
    @CsvSource({"org/test-app,test_or_sandbox,true", "org/my-sandbox,test_or_sandbox,true",
            "org/demo-project,test_or_sandbox,true", "org/posthog-sdk,sdk_or_library,true",
            "org/my-library,sdk_or_library,true", "org/my-web-app,frontend_js,false",
            "org/my-server,backend_service,false", "org/latest,test_or_sandbox,true", "org/happy,frontend_js,false",
            "org/myrepo,unknown,false"})
    void y9_y10_y12_classifiedByName(String repository, String classification, boolean excluded) {
        Verdict verdict = Classification.of(repository, List.of());
        assertEquals(classification, verdict.classification().wireName());
        assertEquals(excluded, verdict.excluded());
    }

    @Test
    void y11_y13_y14_classifiedByMarkersAndFiles() {
        assertEquals(Classification.FRONTEND_JS, Classification.of("org/myrepo", List.of("package.json")).classification());
        assertEquals(Classification.BACKEND_SERVICE,
                Classification.of("org/myrepo", List.of("svc/pyproject.toml")).classification());
        assertEquals(Classification.FRONTEND_JS, Classification.of("org/myrepo", List.of("src/App.tsx")).classification());
        assertEquals(Classification.BACKEND_SERVICE, Classification.of("org/myrepo", List.of("main.py")).classification());
        assertEquals(Classification.UNKNOWN, Classification.of("org/myrepo", List.of("README.md")).classification());
        assertEquals(Classification.TEST_OR_SANDBOX, Classification.of("org/test-app", List.of("package.json",
                "a/package.json", "next.config.js", "vite.config.ts", "nuxt.config.js")).classification());
        assertEquals(Classification.FRONTEND_JS, Classification.of("org/my-server", List.of("package.json"))
                .classification(), "markers come before names");
        assertEquals(Classification.UNKNOWN, Classification.of("org/myrepo", List.of("package.json", "go.mod"))
                .classification(), "a tie of markers decides nothing");
    }

    @Test
    void y15_applicability() {
        assertEquals(new Applicability(false, false, false),
                Applicability.of(new Verdict(Classification.FRONTEND_JS, true)));
        assertEquals(new Applicability(true, true, true),
                Applicability.of(new Verdict(Classification.FRONTEND_JS, false)));
        assertEquals(new Applicability(true, false, true),
                Applicability.of(new Verdict(Classification.BACKEND_SERVICE, false)));
        assertEquals(new Applicability(true, false, true), Applicability.of(new Verdict(Classification.UNKNOWN, false)));
        assertEquals(new Applicability(false, false, false),
                Applicability.of(new Verdict(Classification.SDK_OR_LIBRARY, false)));
    }

    @Test
    void evidenceIsMatchedInFileContents() {
        var collector = new Evidence.Collector(List.of("src/a.ts"), 1);
        collector.add("import x;\nPostHog.init ('k')\nposthog.capture( \" signup \" )\nposthog.capture('b')");
        collector.add("posthog.captureException(err)");
        Evidence evidence = collector.result();
        assertTrue(evidence.foundPosthogInit() && evidence.foundPosthogCapture() && evidence.foundErrorSignal());
        assertEquals(List.of("b", "signup"), evidence.capturedEventNames());
        assertEquals(2, evidence.filesScanned());

        var exceptionsOnly = new Evidence.Collector(List.of(), 0);
        exceptionsOnly.add("posthog.captureException(e); Sentry.init({})");
        assertFalse(exceptionsOnly.result().foundPosthogCapture(), "captureException is not capture");
        assertTrue(exceptionsOnly.result().foundErrorSignal());

        var many = new Evidence.Collector(List.of(), 0);
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            content.append("posthog.capture('e").append(1000 + i).append("')\n");
        }
        many.add(content.toString());
        assertEquals(100, many.result().capturedEventNames().size());
        assertEquals("e1000", many.result().capturedEventNames().get(0));
    }

    private static Evidence instrumented() {
        var collector = new Evidence.Collector(List.of("package.json", "src/app.ts"), 1);
        collector.add("posthog.init('k'); posthog.capture('signup'); posthog.captureException(e)");
        return collector.result();
    }

    private static final Verdict FRONTEND = new Verdict(Classification.FRONTEND_JS, false);

    @Test
    void y21_flagsOffMeansDetected() {
        List<Capability> capabilities = Capability.assess(FRONTEND, instrumented(), new ProjectSettings(false, false, false),
                new Counts(0, 0, 0));
        assertEquals(List.of(State.DETECTED, State.DETECTED, State.DETECTED),
                capabilities.stream().map(Capability::state).toList());
        assertEquals("Tracking instrumentation detected. Enable proactive tasks for this project.",
                capabilities.get(0).reason());
        assertEquals("PostHog SDK detected. Enable session replay for this project.", capabilities.get(1).reason());
        assertEquals("Error instrumentation detected. Enable error tracking for this project.",
                capabilities.get(2).reason());
        assertEquals("detected", Capability.overall(capabilities));
    }

    @Test
    void y22_flagsOnWithoutDataMeansWaiting() {
        List<Capability> capabilities = Capability.assess(FRONTEND, instrumented(), new ProjectSettings(true, true, true),
                new Counts(0, 0, 0));
        assertEquals(List.of(State.WAITING_FOR_DATA, State.WAITING_FOR_DATA, State.WAITING_FOR_DATA),
                capabilities.stream().map(Capability::state).toList());
        assertEquals("Computer vision is configured, waiting for replay-derived evidence.", capabilities.get(1).reason());
        assertEquals(Map.of("matchedEventCount", 0L), capabilities.get(0).evidence());
        assertEquals("partial", Capability.overall(capabilities));
    }

    @Test
    void y23_noEvidenceNeedsSetup() {
        List<Capability> capabilities = Capability.assess(FRONTEND, new Evidence.Collector(List.of("package.json"), 0)
                .result(), new ProjectSettings(true, true, true), new Counts(3, 2, 1));
        assertEquals(List.of(State.NEEDS_SETUP, State.NEEDS_SETUP, State.NEEDS_SETUP),
                capabilities.stream().map(Capability::state).toList());
        assertEquals("No reliable tracking instrumentation found in repository code.", capabilities.get(0).reason());
        assertEquals("No frontend PostHog initialization found for computer vision support.",
                capabilities.get(1).reason());
        assertEquals("No reliable error instrumentation found in repository code.", capabilities.get(2).reason());
        assertEquals(Map.of("replayTaskCount", 2L), capabilities.get(1).evidence());
        assertEquals("needs_setup", Capability.overall(capabilities));
    }

    @Test
    void y25_dataMakesEveryCapabilityReady() {
        List<Capability> capabilities = Capability.assess(FRONTEND, instrumented(), new ProjectSettings(true, true, true),
                new Counts(1, 1, 1));
        assertEquals(List.of(State.READY, State.READY, State.READY), capabilities.stream().map(Capability::state).toList());
        assertEquals(Map.of("matchedEventCount", 1L, "eventNameCount", 1), capabilities.get(0).evidence());
        assertEquals("Error instrumentation detected and recent error data exists.", capabilities.get(2).reason());
        assertEquals("ready", Capability.overall(capabilities));
    }

    @Test
    void excludedAndBackendRepositories() {
        List<Capability> excluded = Capability.assess(new Verdict(Classification.TEST_OR_SANDBOX, true), instrumented(),
                new ProjectSettings(true, true, true), new Counts(1, 1, 1));
        assertTrue(excluded.stream().allMatch(c -> c.state() == State.NOT_APPLICABLE && c.evidence().isEmpty()));
        assertEquals("Tracking is not required for this repository type.", excluded.get(0).reason());
        assertEquals("Computer vision is not applicable for this repository type.", excluded.get(1).reason());
        assertEquals("Error tracking is not required for this repository type.", excluded.get(2).reason());
        assertEquals("unknown", Capability.overall(excluded));
        var initOnly = new Evidence.Collector(List.of(), 0);
        initOnly.add("posthog.init('k')");
        List<Capability> backend = Capability.assess(new Verdict(Classification.BACKEND_SERVICE, false),
                initOnly.result(), new ProjectSettings(true, true, true), new Counts(0, 0, 0));
        assertEquals(List.of(State.NEEDS_SETUP, State.NOT_APPLICABLE, State.NEEDS_SETUP),
                backend.stream().map(Capability::state).toList(), "init alone is error evidence only on frontends");
    }

    @Test
    void overallExamples() {
        assertEquals("partial", overall(State.WAITING_FOR_DATA, State.WAITING_FOR_DATA, State.WAITING_FOR_DATA));
        assertEquals("partial", overall(State.READY, State.WAITING_FOR_DATA, State.NOT_APPLICABLE));
        assertEquals("partial", overall(State.NEEDS_SETUP, State.READY, State.NOT_APPLICABLE));
        assertEquals("detected", overall(State.DETECTED, State.NEEDS_SETUP, State.NOT_APPLICABLE));
        assertEquals("unknown", overall(State.UNKNOWN, State.UNKNOWN, State.UNKNOWN));
        assertEquals("unknown", overall(State.UNKNOWN, State.READY, State.NOT_APPLICABLE));
        assertEquals("ready", overall(State.READY, State.NOT_APPLICABLE, State.READY));
    }

    private static String overall(State... states) {
        List<Capability> capabilities = new ArrayList<>();
        for (State state : states) {
            capabilities.add(new Capability(state, "r", Map.of()));
        }
        return Capability.overall(capabilities);
    }
}
