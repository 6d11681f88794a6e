/** Selection of an installation's implementation of a port by name, among those on the class path. */
package dev.tasks.integration.plugin;
