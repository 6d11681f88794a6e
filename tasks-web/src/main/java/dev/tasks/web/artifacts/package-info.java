/**
 * Artifacts of runs and staged artifacts of tasks (docs/artifacts.md): request parsing, the service that
 * writes objects and manifests, and the two resources.
 */
package dev.tasks.web.artifacts;
