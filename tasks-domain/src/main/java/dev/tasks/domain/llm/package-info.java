/**
 * Model calls: what the service's model gateway records of each request a run's agent sends to the
 * model provider, and the tokens the provider reports.
 */
package dev.tasks.domain.llm;
