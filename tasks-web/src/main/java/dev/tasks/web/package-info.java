/** The WAR: JAX-RS resources, application services, authentication, error mapping, configuration wiring. */
package dev.tasks.web;
