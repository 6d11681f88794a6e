/**
 * The HTTP edge shared by every endpoint: JSON reading and writing, PostHog's error bodies, the
 * authentication, scope, project and idempotency filters, pagination links.
 */
package dev.tasks.web.http;
