/** Jobs on db-scheduler over the shared database: recurring once per period, one-time within API transactions. */
package dev.tasks.storage.jobs;
