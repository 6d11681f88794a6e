/** GitHub's REST API: the repository scan of repository readiness. */
package dev.tasks.integration.github;
