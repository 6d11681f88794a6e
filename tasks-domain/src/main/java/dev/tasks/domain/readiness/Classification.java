package dev.tasks.domain.readiness;

import dev.tasks.domain.shared.WireEnum;
import java.util.List;
import java.util.Set;

/**
 * What kind of repository this is (docs/readiness.md#classification), by nine ordered rules over its name, its
 * marker files and its file types; test or sandbox repositories and libraries are excluded.
 */
public enum Classification implements WireEnum {
    TEST_OR_SANDBOX, SDK_OR_LIBRARY, FRONTEND_JS, BACKEND_SERVICE, UNKNOWN;

    static final Set<String> FRONTEND_MARKERS = Set.of("package.json", "next.config.js", "next.config.ts",
            "vite.config.js", "vite.config.ts", "nuxt.config.js", "nuxt.config.ts");
    static final Set<String> BACKEND_MARKERS = Set.of("pyproject.toml", "requirements.txt", "go.mod", "Cargo.toml",
            "pom.xml", "build.gradle", "build.gradle.kts");

    /** A classification and whether it excludes the repository from suggestions. */
    public record Verdict(Classification classification, boolean excluded) {
    }

    /** The verdict for {@code repository} ({@code org/name}, lower-cased) with these tree paths. */
    public static Verdict of(String repository, List<String> treePaths) {
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        if (containsAny(name, "test", "sandbox", "demo", "example", "fixture", "playground")) {
            return new Verdict(TEST_OR_SANDBOX, true);
        }
        if (containsAny(name, "sdk", "client", "library", "lib")) {
            return new Verdict(SDK_OR_LIBRARY, true);
        }
        int frontend = 0;
        int backend = 0;
        for (String path : treePaths) {
            String file = path.substring(path.lastIndexOf('/') + 1);
            frontend += FRONTEND_MARKERS.contains(file) ? 1 : 0;
            backend += BACKEND_MARKERS.contains(file) ? 1 : 0;
        }
        if (frontend > backend && frontend > 0) {
            return new Verdict(FRONTEND_JS, false);
        }
        if (backend > frontend && backend > 0) {
            return new Verdict(BACKEND_SERVICE, false);
        }
        if (containsAny(name, "web", "frontend", "site", "app", "js")) {
            return new Verdict(FRONTEND_JS, false);
        }
        if (containsAny(name, "backend", "server", "api", "infra", "monorepo")) {
            return new Verdict(BACKEND_SERVICE, false);
        }
        if (treePaths.stream().anyMatch(path -> path.endsWith(".tsx") || path.endsWith(".jsx"))) {
            return new Verdict(FRONTEND_JS, false);
        }
        if (treePaths.stream().anyMatch(path -> path.endsWith(".py") || path.endsWith(".go")
                || path.endsWith(".java") || path.endsWith(".rs"))) {
            return new Verdict(BACKEND_SERVICE, false);
        }
        return new Verdict(UNKNOWN, false);
    }

    private static boolean containsAny(String name, String... parts) {
        for (String part : parts) {
            if (name.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
