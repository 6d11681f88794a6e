package dev.tasks.domain.readiness;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which files of a repository tree are worth reading (docs/readiness.md#candidate-files): source files outside
 * build output and dependencies, ranked by how much their path suggests instrumentation.
 */
public final class ScanPlan {

    /** Candidates kept after ranking. */
    public static final int MAX_CANDIDATES = 80;
    /** Candidates whose content is read. */
    public static final int MAX_FILES_READ = 20;
    /** No content is fetched once this much time has passed since the plan was started. */
    public static final Duration TIME_BUDGET = Duration.ofSeconds(30);

    private static final List<String> EXTENSIONS =
            List.of(".ts", ".tsx", ".js", ".jsx", ".py", ".go", ".java", ".rb", ".php", ".cs");
    private static final List<String> SKIPPED_PREFIXES =
            List.of("node_modules/", "dist/", "build/", "coverage/", ".next/", "vendor/");
    private static final List<String> TELLING_WORDS =
            List.of("posthog", "analytics", "tracking", "telemetry", "instrument", "error", "replay");

    private ScanPlan() {
    }

    public static boolean isScannable(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return !lower.endsWith(".min.js") && SKIPPED_PREFIXES.stream().noneMatch(lower::startsWith)
                && EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** +2 per telling word in the path (each once), +1 under {@code src/}, +1 under {@code app/}. */
    public static int score(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int score = (int) TELLING_WORDS.stream().filter(lower::contains).count() * 2;
        if (lower.startsWith("src/")) {
            score++;
        }
        if (lower.startsWith("app/")) {
            score++;
        }
        return score;
    }

    /** The scannable paths, best score first, shorter first on a tie, tree order otherwise; at most 80. */
    public static List<String> candidates(List<String> treePaths) {
        return treePaths.stream().filter(ScanPlan::isScannable)
                .sorted(Comparator.comparingInt(ScanPlan::score).reversed().thenComparingInt(String::length))
                .limit(MAX_CANDIDATES)
                .toList();
    }
}
