/**
 * Sandbox providers (docs/cloud-runs.md#sandbox-providers): the built-in {@code none} provider and the selection of the
 * installation's provider by name among those {@link java.util.ServiceLoader} finds.
 */
package dev.tasks.integration.sandbox;
