package dev.tasks.integration.token;

import dev.tasks.domain.sandbox.VerificationKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One RSA signing key with its public half and {@code kid} (docs/cloud-runs.md#signing-keys-and-rotation): read from
 * PEM (PKCS#8 {@code BEGIN PRIVATE KEY} or PKCS#1 {@code BEGIN RSA PRIVATE KEY}; literal {@code \n} sequences
 * count as newlines, as environment variables carry them) or generated.
 */
record SigningKey(RSAPrivateCrtKey privateKey, RSAPublicKey publicKey, String keyId) {

    private static final int GENERATED_BITS = 2048;
    /** DER of {@code AlgorithmIdentifier { rsaEncryption, NULL }}. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");

    static SigningKey fromPem(String pem, String setting) {
        String text = pem.replace("\\n", "\n").strip();
        boolean pkcs1 = text.contains("BEGIN RSA PRIVATE KEY");
        if (!pkcs1 && !text.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalStateException(setting + " is not a PEM private key (BEGIN PRIVATE KEY or"
                    + " BEGIN RSA PRIVATE KEY)");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " holds invalid base64", e);
        }
        try {
            return fromPkcs8(pkcs1 ? pkcs8Of(der) : der);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(setting + " is not an RSA private key: " + e.getMessage(), e);
        }
    }

    static SigningKey fromPkcs8(byte[] der) {
        try {
            if (!(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateCrtKey key)) {
                throw new IllegalStateException("the key has no public exponent (not a CRT key)");
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            return new SigningKey(key, publicKey, keyIdOf(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static byte[] generatePkcs8() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(GENERATED_BITS);
            return generator.generateKeyPair().getPrivate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** The first 16 hex digits of SHA-256 over the DER SubjectPublicKeyInfo. */
    static String keyIdOf(RSAPublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    VerificationKey verificationKey(boolean primary) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded());
        return new VerificationKey(keyId, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n",
                primary);
    }

    /** PKCS#1 {@code RSAPrivateKey} wrapped as PKCS#8 {@code PrivateKeyInfo { 0, rsaEncryption, key }}. */
    private static byte[] pkcs8Of(byte[] pkcs1) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(new byte[] {0x02, 0x01, 0x00});
        info.writeBytes(RSA_ALGORITHM);
        info.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, info.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
