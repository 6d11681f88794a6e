package dev.tasks.storage.secret;

import dev.tasks.domain.shared.ConfigurationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (integration credentials, GitHub user tokens) with AES-256-GCM under a
 * key derived from the server secret. Each value gets a fresh 12-byte nonce, stored in front of the
 * ciphertext.
 */
@ApplicationScoped
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    @Inject
    ServerSecret serverSecret;

    private final SecureRandom random = new SecureRandom();

    public byte[] seal(byte[] plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a secret", e);
        }
    }

    public byte[] open(byte[] sealed) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            System.arraycopy(sealed, 0, nonce, 0, NONCE_BYTES);
            return cipher(Cipher.DECRYPT_MODE, nonce).doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationError("tasks.secret.key", "a stored secret cannot be decrypted with this key;"
                    + " was the key changed since the secret was stored?", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(serverSecret.derive("secret-box"), "AES"),
                new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }
}
