/**
 * Who may call the API: projects (PostHog "teams"), users, memberships, personal API keys with
 * their scopes and project limits, and the integrations a project keeps credentials for.
 */
package dev.tasks.domain.identity;
