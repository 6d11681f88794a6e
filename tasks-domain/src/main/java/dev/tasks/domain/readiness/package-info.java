/**
 * Repository readiness (docs/readiness.md): which source files of a repository to read, what evidence of
 * PostHog instrumentation they hold, how the repository is classified, and the capability states
 * and overall verdict that follow. Pure rules; the GitHub scan and the counts are adapters.
 */
package dev.tasks.domain.readiness;
