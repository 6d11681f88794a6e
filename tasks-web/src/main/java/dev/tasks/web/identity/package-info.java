/** Identity endpoints: users, projects and their members, personal API keys, integrations, bootstrap. */
package dev.tasks.web.identity;
