/** Slack's Web API through the official Slack Java SDK: messages into mapped threads. */
package dev.tasks.integration.slack;
