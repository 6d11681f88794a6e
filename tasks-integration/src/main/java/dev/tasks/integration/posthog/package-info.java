/** A PostHog instance's query API: event and error counts for repository readiness. */
package dev.tasks.integration.posthog;
