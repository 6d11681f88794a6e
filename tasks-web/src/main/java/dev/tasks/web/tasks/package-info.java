/** Task endpoints: the task object, its list and filters, repositories and summaries. */
package dev.tasks.web.tasks;
