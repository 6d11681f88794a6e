/** Adapters that talk outward: GitHub (readiness scans) and a PostHog instance (event counts). */
package dev.tasks.integration;
