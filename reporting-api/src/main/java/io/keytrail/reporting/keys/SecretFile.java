package io.keytrail.reporting.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file of the data directory, readable and writable by its owner only: the
 * admin token and the master key. Created once from a generator, never visible with wider
 * permissions and never half-written; a file found with wider permissions is tightened.
 */
public final class SecretFile {
    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFile() {
    }

    /**
     * The text in {@code file}, stripped; when the file does not exist yet, {@code generate}'s
     * text is written to it first.
     *
     * @param what names the secret in log lines, e.g. "admin token"
     */
    public static String readOrCreate(Path file, Supplier<String> generate, String what) throws IOException {
        if (!Files.exists(file)) {
            create(file, generate.get(), what);
        }
        if (supportsPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            LOG.warn("{} file {} was readable by others; restricting it to its owner", what, file);
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static void create(Path file, String secret, String what) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A private temporary file, then an atomic move: never visible to others, never half-written.
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly(dir));
        try {
            Files.writeString(tmp, secret + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file);
            LOG.info("generated a new {} in {}", what, file);
        } catch (FileAlreadyExistsException e) {
            // Another instance sharing the data directory won the race; its secret is the one to use.
        } finally {
            Files.deleteIfExists(tmp);
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
}
