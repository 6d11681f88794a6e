/** Artifacts: files attached to runs or staged on tasks, their types, size limits, names and object keys. */
package dev.tasks.domain.artifact;
