/** The Tasks service's model and rules in plain Java, and the ports its adapters implement. */
package dev.tasks.domain;
