package dev.tasks.domain.identity;

/**
 * The guard that lets exactly one instance of a cluster create the first administrator: claiming
 * writes a unique marker in the current transaction, and fails for every other instance.
 */
public interface BootstrapMarker {

    /** True for the one caller that claimed the marker; false when it was already claimed. */
    boolean claim();
}
