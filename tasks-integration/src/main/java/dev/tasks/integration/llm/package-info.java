/**
 * The model provider behind the model gateway: requests passed on with the installation's key, and
 * the answer's usage read as it streams through.
 */
package dev.tasks.integration.llm;
