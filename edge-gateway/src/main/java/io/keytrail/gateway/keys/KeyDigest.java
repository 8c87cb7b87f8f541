package io.keytrail.gateway.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A SHA-256 digest as four longs: half the memory of its hex string as a map key, and equality
 * and hashing without touching an array.
 */
public record KeyDigest(long w0, long w1, long w2, long w3) {
    private static final MessageDigest PROTOTYPE;
    /** The value of each byte as a hex digit, -1 for the others: one load a digit, no branches. */
    private static final byte[] NIBBLES = new byte[256];

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
        Arrays.fill(NIBBLES, (byte) -1);
        for (char c = '0'; c <= '9'; c++) {
            NIBBLES[c] = (byte) (c - '0');
        }
        for (char c = 'a'; c <= 'f'; c++) {
            NIBBLES[c] = (byte) (c - 'a' + 10);
            NIBBLES[Character.toUpperCase(c)] = (byte) (c - 'a' + 10);
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
        long[] words = new long[4];
        for (int i = 0; i < 64; i++) {
            char c = hex.charAt(i);
            words[i >> 4] = words[i >> 4] << 4 | nibble(c < 256 ? NIBBLES[c] : -1);
        }
        return new KeyDigest(words[0], words[1], words[2], words[3]);
    }

    /**
     * The same, from the 64 ASCII bytes at {@code offset} of a record still in the fetch buffer:
     * the feed reads a million hashes at start-up and need not make a string of each.
     */
    static KeyDigest fromHexAscii(byte[] bytes, int offset) {
        return new KeyDigest(word(bytes, offset), word(bytes, offset + 16), word(bytes, offset + 32),
                word(bytes, offset + 48));
    }

    private static long word(byte[] bytes, int from) {
        long word = 0;
        for (int i = from; i < from + 16; i++) {
            word = word << 4 | nibble(NIBBLES[bytes[i] & 0xff]);
        }
        return word;
    }

    private static int nibble(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a SHA-256 hex digest has only hex digits");
        }
        return value;
    }
}
