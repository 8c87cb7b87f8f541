package io.keytrail.reporting.auth;

import io.keytrail.reporting.keys.KeyHashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token that admins present. Only its SHA-256 is compared, in constant time, so a
 * wrong guess learns nothing from timing, not even the token's length.
 */
public final class AdminToken {
    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
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
        try {
            if (!Files.exists(file)) {
                create(file, random);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file, e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Written to a private temporary file first: the token is never visible with wider
        // permissions, and a reader never sees a half-written file.
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".admin-token", ".tmp", ownerOnly(file));
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file);
            LOG.info("generated a new admin token in {}", file);
        } catch (FileAlreadyExistsException e) {
            // Another instance sharing the data directory won the race; its token is the one to use.
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static AdminToken read(Path file) throws IOException {
        if (supportsPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            LOG.warn("admin token file {} was readable by others; restricting it to its owner", file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException("admin token file " + file + " holds no usable token (needs at least "
                    + MIN_LENGTH + " characters); delete it to generate a new one");
        }
        return new AdminToken(token);
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        return supportsPosix(file.toAbsolutePath().getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
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
