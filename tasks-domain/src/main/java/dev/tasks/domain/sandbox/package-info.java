/**
 * Sandboxes (docs/cloud-runs.md#sandbox-providers): where a cloud run executes. A
 * {@link dev.tasks.domain.sandbox.SandboxProvider} provisions them; the {@code run.start} job asks it for one when a
 * cloud run starts.
 */
package dev.tasks.domain.sandbox;
