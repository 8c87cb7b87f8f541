package io.keytrail.reporting.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key under which stored API keys are encrypted: given by the operator (base64 of 32
 * bytes) or generated once into an owner-only file in the data directory. Losing it makes every
 * stored copy unreadable, so a file that exists is always reused, never replaced.
 */
public final class MasterKey {
    public static final int BYTES = 32;

    private final SecretKey key;

    private MasterKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /**
     * A master key given as base64 text.
     *
     * @throws IllegalArgumentException when the text is not the base64 of exactly 32 bytes; the
     *                                  message never quotes it
     */
    public static MasterKey fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a master key must be base64 text");
        }
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a master key must be the base64 of exactly " + BYTES + " bytes");
        }
        return new MasterKey(bytes);
    }

    /** The key kept in {@code file}; when the file does not exist yet, a new random key is written to it. */
    public static MasterKey loadOrCreate(Path file, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(random, "random");
        String text;
        try {
            text = SecretFile.readOrCreate(file, () -> {
                byte[] bytes = new byte[BYTES];
                random.nextBytes(bytes);
                return Base64.getEncoder().encodeToString(bytes);
            }, "master key (back it up: stored keys cannot be revealed without it)");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw unusable(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the master key in " + file, e);
        }
        try {
            return fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw unusable(file);
        }
    }

    /** Not replaced automatically: a new key would silently orphan every stored copy. */
    private static IllegalStateException unusable(Path file) {
        return new IllegalStateException("master key file " + file + " does not hold the base64 of " + BYTES
                + " bytes; restore it from a backup");
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "MasterKey[***]";
    }
}
