/** Application wiring: start-up sequence, clock, health checks, OpenAPI description. */
package dev.tasks.web.app;
