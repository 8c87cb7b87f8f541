package io.keytrail.reporting.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** The fingerprint of an API key that the database and the {@code keys} topic hold instead of the key. */
public final class KeyHashing {
    /** How many leading characters of a key are kept for humans tracing a request. */
    public static final int HINT_LENGTH = 4;

    private KeyHashing() {
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes: the gateway computes the same to look a key up. */
    public static String sha256Hex(String key) {
        Objects.requireNonNull(key, "key");
        return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public static String hint(String key) {
        Objects.requireNonNull(key, "key");
        return key.substring(0, Math.min(HINT_LENGTH, key.length()));
    }
}
