/** Small value types every part of the domain shares: pages, field updates, refusals (not found, not allowed, invalid value, conflict, unavailable), time. */
package dev.tasks.domain.shared;
