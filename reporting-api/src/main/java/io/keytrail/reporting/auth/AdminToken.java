package io.keytrail.reporting.auth;

import io.keytrail.reporting.keys.KeyHashing;
import io.keytrail.reporting.keys.SecretFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The bearer token that admins present. Only its SHA-256 is compared, in constant time, so a
 * wrong guess learns nothing from timing, not even the token's length.
 */
public final class AdminToken {
    private static final int MIN_LENGTH = 16;
    private static final int GENERATED_BYTES = 32;

    private final String value;
    private final byte[] digest;

    private AdminToken(String value) {
        this.value = value;
        this.digest = KeyHashing.sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A token given by the operator. */
    public static AdminToken of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("an admin token needs at least " + MIN_LENGTH + " characters");
        }
        return new AdminToken(value);
    }

    /**
     * The token kept in {@code file}; when the file does not exist yet, a new random token (43
     * URL-safe characters) is written to it, readable and writable by the owner only.
     */
    public static AdminToken loadOrCreate(Path file, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(random, "random");
        String token;
        try {
            token = SecretFile.readOrCreate(file, () -> {
                byte[] bytes = new byte[GENERATED_BYTES];
                random.nextBytes(bytes);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }, "admin token");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file, e);
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException("admin token file " + file + " holds no usable token (needs at least "
                    + MIN_LENGTH + " characters); delete it to generate a new one");
        }
        return new AdminToken(token);
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, KeyHashing.sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    /** The token itself, for whoever must hand it to an admin. Never log it. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "AdminToken[***]";
    }
}
