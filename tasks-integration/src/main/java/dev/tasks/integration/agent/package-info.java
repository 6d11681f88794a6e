/** The client of the agent servers in sandboxes (JSON-RPC commands over the JDK HTTP client). */
package dev.tasks.integration.agent;
