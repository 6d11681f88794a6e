/** Adapters that keep things: the relational database and the object store. */
package dev.tasks.storage;
