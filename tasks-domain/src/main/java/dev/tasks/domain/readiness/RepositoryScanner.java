package dev.tasks.domain.readiness;

/**
 * Reads a repository's tree and a sample of its source files (docs/readiness.md#the-github-scan). A repository
 * or tree that cannot be listed yields evidence of an empty tree; an unreadable file is skipped.
 */
public interface RepositoryScanner {

    /**
     * The evidence found in {@code repository} ({@code owner/name}) with {@code token}.
     *
     * @throws RuntimeException when the scan cannot run at all (unreachable host, malformed answers);
     *     the caller then continues with {@link Evidence#none()}
     */
    Evidence scan(String repository, String token);
}
