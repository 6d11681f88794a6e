/**
 * Usage gates: the built-in {@code none} gate and the selection, by name, of the gate an installation
 * adds to limit cloud runs, guarded so that a broken gate allows.
 */
package dev.tasks.integration.usage;
