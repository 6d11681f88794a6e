package dev.tasks.domain.readiness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scan found (docs/readiness.md#what-is-looked-for): the instrumentation flags, the captured event names and
 * the counts. Built by adding the content of each readable file; immutable once {@link #result()}
 * is taken.
 */
public record Evidence(int filesScanned, int detectedFilesCount, List<String> capturedEventNames,
                       boolean foundPosthogInit, boolean foundPosthogCapture, boolean foundErrorSignal,
                       List<String> treePaths) {

    public static final int MAX_EVENT_NAMES = 100;

    private static final Pattern INIT = Pattern.compile("posthog\\.init\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAPTURE = Pattern.compile("posthog\\.capture\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_NAME =
            Pattern.compile("posthog\\.capture\\s*\\(\\s*['\"]([^'\"]+)['\"]", Pattern.CASE_INSENSITIVE);
    private static final Pattern ERROR_SIGNAL = Pattern.compile("posthog\\.captureException\\s*\\(|Sentry\\.init\\s*\\("
            + "|capture_exception\\s*\\(|reportException\\s*\\(", Pattern.CASE_INSENSITIVE);

    public Evidence {
        capturedEventNames = List.copyOf(capturedEventNames);
        treePaths = List.copyOf(treePaths);
    }

    /** Names are ordered by code point (UTF-16 order differs above the surrogates). */
    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** A scan that failed or could not run: nothing found. */
    public static Evidence none() {
        return new Evidence(0, 0, List.of(), false, false, false, List.of());
    }

    /** Collects evidence file by file. */
    public static final class Collector {
        private final List<String> treePaths;
        private final int detectedFilesCount;
        private final TreeSet<String> names = new TreeSet<>(Evidence::compareCodePoints);
        private int filesScanned;
        private boolean init;
        private boolean capture;
        private boolean errorSignal;

        public Collector(List<String> treePaths, int detectedFilesCount) {
            this.treePaths = new ArrayList<>(treePaths);
            this.detectedFilesCount = detectedFilesCount;
        }

        /** One readable file's decoded content. */
        public void add(String content) {
            filesScanned++;
            init |= INIT.matcher(content).find();
            capture |= CAPTURE.matcher(content).find();
            errorSignal |= ERROR_SIGNAL.matcher(content).find();
            Matcher name = EVENT_NAME.matcher(content);
            while (name.find()) {
                String trimmed = name.group(1).strip();
                if (!trimmed.isEmpty()) {
                    names.add(trimmed);
                }
            }
        }

        public Evidence result() {
            return new Evidence(filesScanned, detectedFilesCount,
                    names.stream().limit(MAX_EVENT_NAMES).toList(), init, capture, errorSignal, treePaths);
        }
    }
}
