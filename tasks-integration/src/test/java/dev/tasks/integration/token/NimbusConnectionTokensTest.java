package dev.tasks.integration.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tasks.domain.identity.ProjectId;
import dev.tasks.domain.identity.UserId;
import dev.tasks.domain.run.RunId;
import dev.tasks.domain.sandbox.ConnectionClaims;
import dev.tasks.domain.sandbox.SigningKeyStore;
import dev.tasks.domain.sandbox.VerificationKey;
import dev.tasks.domain.task.TaskId;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How tokens are signed, with which key, and where keys come from (docs/cloud-runs.md#connection-tokens). */
class NimbusConnectionTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectionClaims CLAIMS = new ConnectionClaims(RunId.random(), TaskId.random(),
            new ProjectId(3), new UserId(9), "distinct-9", "background", Instant.parse("2026-01-01T00:00:00Z"));

    /** A store that keeps what it is given, counting the keys it stored. */
    private static final class MemoryStore implements SigningKeyStore {
        byte[] stored;
        final AtomicInteger kept = new AtomicInteger();

        @Override
        public Optional<byte[]> find() {
            return Optional.ofNullable(stored);
        }

        @Override
        public byte[] keepFirst(byte[] candidate) {
            if (stored == null) {
                stored = candidate;
                kept.incrementAndGet();
            }
            return stored;
        }
    }

    private static NimbusConnectionTokens tokens(SigningKeyStore store, String primary, String secondary) {
        NimbusConnectionTokens tokens = new NimbusConnectionTokens();
        tokens.store = store;
        tokens.settings = new JwtSettings();
        tokens.settings.primary = Optional.ofNullable(primary);
        tokens.settings.secondary = Optional.ofNullable(secondary);
        tokens.initialize();
        return tokens;
    }

    private static String pkcs8Pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(der) + "\\n-----END PRIVATE KEY-----";
    }

    /** The PKCS#1 key inside a PKCS#8 one (a 2048-bit key: the last element of the outer sequence). */
    private static String pkcs1Pem(byte[] pkcs8) {
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private static boolean verifies(String token, VerificationKey key) throws Exception {
        String[] parts = token.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        String body = key.publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        rsa.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(body))));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static JsonNode part(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void k1_aTokenHasExactlyTheSpecifiedHeaderAndClaims() throws Exception {
        NimbusConnectionTokens tokens = tokens(new MemoryStore(), null, null);
        String token = tokens.sign(CLAIMS, null);
        JsonNode header = part(token, 0);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals("JWT", header.get("typ").asText());
        assertEquals(tokens.primary().keyId(), header.get("kid").asText());
        JsonNode claims = part(token, 1);
        assertEquals(CLAIMS.run().toString(), claims.get("run_id").asText());
        assertEquals(CLAIMS.task().toString(), claims.get("task_id").asText());
        assertTrue(claims.get("team_id").isIntegralNumber() && claims.get("user_id").isIntegralNumber());
        assertEquals(3, claims.get("team_id").asLong());
        assertEquals(9, claims.get("user_id").asLong());
        assertEquals("distinct-9", claims.get("distinct_id").asText());
        assertEquals("background", claims.get("mode").asText());
        assertEquals("posthog:sandbox_connection", claims.get("aud").asText());
        assertEquals(1_767_225_600L, claims.get("iat").asLong());
        assertEquals(1_767_225_600L + 86_400, claims.get("exp").asLong());
        assertFalse(claims.has("iss") || claims.has("sub"));
        assertTrue(verifies(token, tokens.primary()));
    }

    @Test
    void k5_aGeneratedKeyIsStoredOnceAndReusedOnEveryStart() {
        MemoryStore store = new MemoryStore();
        String first = tokens(store, null, null).primary().keyId();
        String again = tokens(store, null, null).primary().keyId();
        assertEquals(first, again);
        assertEquals(1, store.kept.get());
    }

    @Test
    void theKidIsTheStartOfTheDigestOfThePublicKey() throws Exception {
        NimbusConnectionTokens tokens = tokens(new MemoryStore(), null, null);
        String body = tokens.primary().publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(body));
        assertEquals(HexFormat.of().formatHex(digest).substring(0, 16), tokens.primary().keyId());
    }

    @Test
    void configuredKeysInEitherPemFormWinAndATokenIsSignedWithTheKeyItsSandboxWasGiven() throws Exception {
        byte[] primary = SigningKey.generatePkcs8();
        byte[] secondary = SigningKey.generatePkcs8();
        MemoryStore store = new MemoryStore();
        NimbusConnectionTokens tokens = tokens(store, pkcs8Pem(primary), pkcs1Pem(secondary));
        assertEquals(0, store.kept.get(), "nothing generated");
        assertEquals(2, tokens.keys().size());
        VerificationKey first = tokens.keys().get(0);
        VerificationKey second = tokens.keys().get(1);
        assertTrue(first.primary() && !second.primary());
        assertEquals(SigningKey.fromPkcs8(secondary).keyId(), second.keyId(), "PKCS#1 reads as the same key");
        assertTrue(verifies(tokens.sign(CLAIMS, second.keyId()), second));
        assertTrue(verifies(tokens.sign(CLAIMS, "unknown"), first));
        assertEquals(second.keyId(), part(tokens.sign(CLAIMS, second.keyId()), 0).get("kid").asText());
    }

    @Test
    void aMalformedConfiguredKeyStopsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> tokens(new MemoryStore(), "not a key", null));
        assertTrue(e.getMessage().contains("TASKS_JWT_PRIVATE_KEY"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> tokens(new MemoryStore(),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", null));
    }
}
