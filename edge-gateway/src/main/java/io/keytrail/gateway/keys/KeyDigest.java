package io.keytrail.gateway.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest as four longs: half the memory of its hex string as a map key, and equality
 * and hashing without touching an array.
 */
public record KeyDigest(long w0, long w1, long w2, long w3) {
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The digest of a presented key. */
    public static KeyDigest ofKey(String key) {
        MessageDigest sha256;
        try {
            // Cloning skips the provider lookup that getInstance pays on every call.
            sha256 = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        return of(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    public static KeyDigest of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + sha256.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(sha256);
        return new KeyDigest(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /** Parses the lower- or upper-case hex form published on the keys topic. */
    public static KeyDigest fromHex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 hex digest has 64 characters");
        }
        return of(HexFormat.of().parseHex(hex));
    }
}
