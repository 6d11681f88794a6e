/** Rules for calls to hosts that project members name: which addresses, and how much of an answer. */
package dev.tasks.integration.outbound;
