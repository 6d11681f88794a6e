/** Small value types every part of the domain shares: pages, field updates, validation failures, time. */
package dev.tasks.domain.shared;
