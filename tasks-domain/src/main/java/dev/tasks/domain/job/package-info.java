/** What durable jobs tell their handlers (which attempt this is) and what handlers tell the runner back. */
package dev.tasks.domain.job;
