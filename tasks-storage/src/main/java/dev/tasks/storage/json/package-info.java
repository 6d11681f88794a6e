/** JSON text columns read and written as plain Java values. */
package dev.tasks.storage.json;
