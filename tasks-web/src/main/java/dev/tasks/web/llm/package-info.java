/**
 * The model gateway: sandboxes call the model through the service, which holds the provider's key,
 * passes answers on as they stream and counts each run's tokens ({@code runs/{id}/usage/}).
 */
package dev.tasks.web.llm;
