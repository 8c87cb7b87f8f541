package io.keytrail.reporting.keys;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Draws API keys and key ids from one shared {@link SecureRandom}. Keys are 32 characters of
 * {@code [A-Za-z0-9]} (about 190 bits); key ids are {@code key_} plus 16 characters of
 * {@code [a-z0-9]} and are drawn separately, so an id reveals nothing about its key.
 */
public final class KeyGenerator {
    public static final int KEY_LENGTH = 32;
    public static final int KEY_ID_RANDOM_LENGTH = 16;
    public static final String KEY_ID_PREFIX = "key_";

    private static final char[] KEY_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SecureRandom random;

    public KeyGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A generator on the platform's default strong source. */
    public static KeyGenerator create() {
        return new KeyGenerator(new SecureRandom());
    }

    /** A new secret API key. The caller hands it to the admin once and keeps only its hash. */
    public String newKey() {
        return draw(KEY_ALPHABET, KEY_LENGTH);
    }

    /** A new public key id, safe to log and publish. */
    public String newKeyId() {
        return KEY_ID_PREFIX + draw(ID_ALPHABET, KEY_ID_RANDOM_LENGTH);
    }

    private String draw(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            // nextInt(bound) rejects out-of-range draws, so every character is equally likely.
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
