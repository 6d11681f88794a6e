/** JPA/Hibernate persistence of identity, tasks and runs; entities never leave this package. */
package dev.tasks.storage.jpa;
