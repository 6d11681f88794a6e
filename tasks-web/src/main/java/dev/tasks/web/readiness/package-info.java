/** {@code GET tasks/repository_readiness/} (docs/readiness.md): the query, the service and its cache. */
package dev.tasks.web.readiness;
