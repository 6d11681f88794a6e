package dev.tasks.domain.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The value of a personal API key: {@code phx_} and 48 random characters. It is shown once; the
 * service keeps only its SHA-256 digest, and looks a presented key up by that digest.
 */
public record ApiKeySecret(String value) {

    public static final String PREFIX = "phx_";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public ApiKeySecret {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("personal API keys start with phx_");
        }
    }

    /** A new value from a cryptographically strong source. */
    public static ApiKeySecret generate(RandomGenerator secureRandom) {
        var builder = new StringBuilder(PREFIX);
        for (int i = 0; i < 48; i++) {
            builder.append(ALPHANUMERIC.charAt(secureRandom.nextInt(ALPHANUMERIC.length())));
        }
        return new ApiKeySecret(builder.toString());
    }

    /** The lower-case hex SHA-256 of any presented value: what authentication looks up. */
    public static String digestOf(String presented) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String digest() {
        return digestOf(value);
    }

    /** First four and last four characters: enough to recognise a key, useless to use it. */
    public String mask() {
        return value.substring(0, 4) + "..." + value.substring(value.length() - 4);
    }

    @Override
    public String toString() {
        return mask();
    }
}
