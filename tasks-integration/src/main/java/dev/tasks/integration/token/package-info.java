/** Connection tokens (RS256 JWTs, nimbus-jose-jwt) and the RSA keys that sign them. */
package dev.tasks.integration.token;
