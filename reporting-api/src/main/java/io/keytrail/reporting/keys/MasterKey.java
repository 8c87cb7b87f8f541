package io.keytrail.reporting.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 key under which stored API keys are encrypted: given by the operator (base64 of 32
 * bytes) or generated once into an owner-only file in the data directory. Losing it makes every
 * stored copy unreadable, so a file that exists is always reused, never replaced.
 */
public final class MasterKey {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
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
        try {
            if (!Files.exists(file)) {
                create(file, random);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the master key in " + file, e);
        }
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Private temporary file, then an atomic move: never visible to others, never half-written.
        Path tmp = Files.createTempFile(dir, ".master-key", ".tmp", ownerOnly(dir));
        try {
            Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file);
            LOG.info("generated a new master key in {}; back it up, stored keys cannot be revealed without it", file);
        } catch (FileAlreadyExistsException e) {
            // Another instance sharing the data directory won the race; its key is the one to use.
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static MasterKey read(Path file) throws IOException {
        if (supportsPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            LOG.warn("master key file {} was readable by others; restricting it to its owner", file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            // Not replaced automatically: a new key would silently orphan every stored copy.
            throw new IllegalStateException("master key file " + file + " does not hold the base64 of " + BYTES
                    + " bytes; restore it from a backup");
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        return supportsPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "MasterKey[***]";
    }
}
