/**
 * The {@code local} sandbox provider: PostHog's agent server installed from the npm registry and run
 * as a process per sandbox on the service's own machine, isolated by bubblewrap where installed.
 */
package dev.tasks.integration.sandbox.local;
